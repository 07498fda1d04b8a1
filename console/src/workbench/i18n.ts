/**
 * The workbench's texts, in their own i18next namespace ('workbench'), added to the console's
 * i18next when this module loads (the workbench is a lazily loaded page).
 */
import i18n from 'i18next';

export const workbenchEn = {
  title: 'Agent workbench',
  signIn: {
    title: 'Sign in to the workbench',
    intro:
      'Sign in as an agent of a contact-center instance. Calls ring here; you talk through this browser.',
    instance: 'Instance',
    account: 'Account',
    accountHint: 'Only when your administrator gave you one.',
    loginName: 'Agent login name',
    password: 'Password',
    submit: 'Sign in',
    badToken: 'Your session has ended; sign in again.',
    replaced: 'You signed in somewhere else, so this page was signed out.',
  },
  signOut: 'Sign out',
  socket: { connecting: 'Connecting…', reconnecting: 'Connection lost; reconnecting…' },
  state: {
    offline: 'Offline',
    ready: 'Ready',
    notReady: 'Not ready',
    ringing: 'Ringing',
    busy: 'In a call',
    afterCallWork: 'After-call work',
    label: 'State',
    since: 'since {{time}}',
  },
  ready: 'Ready',
  notReady: 'Not ready',
  reason: 'Reason',
  reasons: { rest: 'Break', meeting: 'Meeting', training: 'Training', other: 'Other' },
  idle: {
    ready: 'Waiting for calls.',
    notReady: 'You receive no calls. Choose Ready when you can take calls.',
    offline: 'Choose Ready to start receiving calls.',
  },
  incoming: {
    title: 'Incoming call',
    caller: 'Caller',
    region: 'Region',
    skillGroup: 'Skill group',
    variables: 'Flow variables',
    noVariables: 'None',
    answer: 'Answer',
    reject: 'Reject',
  },
  call: {
    title: 'Call',
    answering: 'Opening the microphone…',
    connecting: 'Connecting audio…',
    connected: 'Connected',
    onHold: 'On hold',
    duration: 'Duration',
    hold: 'Hold',
    resume: 'Resume',
    mute: 'Mute',
    unmute: 'Unmute',
    muted: 'Muted',
    hangup: 'Hang up',
  },
  transfer: {
    title: 'Transfer',
    kind: 'Transfer to',
    skillGroup: 'Skill group',
    agent: 'Agent',
    number: 'Phone number',
    target: 'Target',
    submit: 'Transfer',
  },
  acw: {
    title: 'After-call work',
    endedBy: {
      caller: 'The caller hung up.',
      agent: 'You ended the call.',
      system: 'The call was ended by the system.',
    },
    transferred: 'The call was transferred.',
    endsIn: 'Ends by itself in {{seconds}} s.',
    finish: 'Finish after-call work',
  },
};

export const workbenchZh: typeof workbenchEn = {
  title: '坐席工作台',
  signIn: {
    title: '登录坐席工作台',
    intro: '以联络中心实例的坐席身份登录。来电在此振铃，您通过浏览器通话。',
    instance: '实例',
    account: '账号',
    accountHint: '仅当管理员提供了账号时填写。',
    loginName: '坐席登录名',
    password: '密码',
    submit: '登录',
    badToken: '会话已结束，请重新登录。',
    replaced: '您已在其他地方登录，此页面已退出。',
  },
  signOut: '退出',
  socket: { connecting: '正在连接…', reconnecting: '连接已断开，正在重连…' },
  state: {
    offline: '离线',
    ready: '示闲',
    notReady: '示忙',
    ringing: '振铃中',
    busy: '通话中',
    afterCallWork: '话后处理',
    label: '状态',
    since: '自 {{time}}',
  },
  ready: '示闲',
  notReady: '示忙',
  reason: '原因',
  reasons: { rest: '休息', meeting: '会议', training: '培训', other: '其他' },
  idle: {
    ready: '等待来电。',
    notReady: '您不会收到来电。可以接听时请选择“示闲”。',
    offline: '选择“示闲”开始接听来电。',
  },
  incoming: {
    title: '来电',
    caller: '主叫号码',
    region: '归属地',
    skillGroup: '技能组',
    variables: '流程变量',
    noVariables: '无',
    answer: '接听',
    reject: '拒接',
  },
  call: {
    title: '通话',
    answering: '正在打开麦克风…',
    connecting: '正在接通语音…',
    connected: '已接通',
    onHold: '保持中',
    duration: '通话时长',
    hold: '保持',
    resume: '恢复',
    mute: '静音',
    unmute: '取消静音',
    muted: '已静音',
    hangup: '挂断',
  },
  transfer: {
    title: '转接',
    kind: '转接到',
    skillGroup: '技能组',
    agent: '坐席',
    number: '电话号码',
    target: '目标',
    submit: '转接',
  },
  acw: {
    title: '话后处理',
    endedBy: { caller: '客户已挂断。', agent: '您结束了通话。', system: '通话已被系统结束。' },
    transferred: '通话已转接。',
    endsIn: '{{seconds}} 秒后自动结束。',
    finish: '完成话后处理',
  },
};

export const NAMESPACE = 'workbench';

if (!i18n.hasResourceBundle('en', NAMESPACE)) {
  i18n.addResourceBundle('en', NAMESPACE, workbenchEn);
  i18n.addResourceBundle('zh-CN', NAMESPACE, workbenchZh);
}
