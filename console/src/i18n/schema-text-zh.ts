/**
 * Chinese for the English descriptions the API serves in module config schemas (GET
 * /v1/ivr/modules has titles and help in both languages, field descriptions only in English).
 * Keyed by the English text, so a description that changes shows in English until added here.
 */
export const schemaTextZh: Readonly<Record<string, string>> = {
  'Agent id, or ${variable} holding one': '坐席 ID，或保存坐席 ID 的 ${变量}',
  'A digit stops the prompt (and is kept for the next input)': '按键可打断放音（该按键保留给下一次输入）',
  'Number shown to the called party': '显示给被叫方的号码',
  'Id of an IVR function entry of the instance': '本实例 IVR 函数条目的 ID',
  'Id of the flow to run': '要执行的流程 ID',
  'Played while waiting (music on hold by default)': '排队等待时播放（默认为等待音乐）',
  'Dates (or date ranges, inclusive) that take the holiday exit': '走节假日出口的日期（或日期范围，含首尾）',
  'Wait between digits': '两次按键之间的等待时间',
  'Each key is an exit of the module': '每个按键都是模块的一个出口',
  'Mailbox or skill group that receives the message': '接收留言的留言箱或技能组',
  'All conditions must hold, or any one': '全部条件满足，或任一条件满足',
  'template: text with ${var}; expression: e.g. ${count} + 1, upper(${name})':
    'template：含 ${变量} 的文本；expression：表达式，例如 ${count} + 1、upper(${name})',
  'Map keys of a returned JSON object to variables': '将返回的 JSON 对象中的键映射到变量',
  'Exit name of this rule': '该规则对应的出口名称',
  'Number to call (digits, may start with +), or ${variable}': '要拨打的号码（数字，可以 + 开头）或 ${变量}',
  'Variable that receives the return value': '接收函数返回值的变量',
  'The event sent to the function: a JSON object of these names and values':
    '发送给函数的事件：由这些名称和值组成的 JSON 对象',
  'Regular expression the digits must match': '输入的号码必须匹配的正则表达式',
  'Higher is served first': '数值越大越优先',
  'Played before the beep': '提示音前播放',
  'Longest wait in the queue': '排队的最长时间',
  'Recorded with the call': '记录在通话记录中',
  'How many times to ask again': '重新询问的次数',
  'How long the agent’s phone rings': '坐席话机振铃的时长',
  'Checked in order; the first that holds is taken': '按顺序检查，采用第一个满足的规则',
  'Skill group id (or ${variable})': '技能组 ID 或名称（或 ${变量}）',
  'Dates whose hours replace the weekly hours (no hours: closed)':
    '这些日期的时段替代每周工作时间（无时段表示休息）',
  'Key that ends input early ("" for none)': '提前结束输入的按键（空表示无）',
  'Wait for a key after the prompt': '放音后等待按键的时间',
  'Longest wait for the answer': '等待函数返回的最长时间',
  'Wait for the first digit': '等待第一个按键的时间',
  'IANA time zone of the opening hours': '工作时间所用的 IANA 时区',
  'Regular expression (JavaScript syntax)': '正则表达式（JavaScript 语法）',
  'Variable that receives the key pressed': '接收所按按键的变量',
  'Variable that receives the digits': '接收输入号码的变量',
  'Opening hours per weekday': '每个工作日的工作时间',
};
