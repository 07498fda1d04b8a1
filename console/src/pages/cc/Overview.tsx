import { useTranslation } from 'react-i18next';
import { formatTime } from '../../components/format';
import { Link } from '../../router/Link';
import { href, type InstanceSection } from '../../router/routes';
import { CallSettings } from './CallSettings';
import type { SectionProps } from './InstancePage';

const STEPS: InstanceSection[] = [
  'integration',
  'skill-groups',
  'agents',
  'prompts',
  'flows',
  'numbers',
  'calls',
];

/** The instance at a glance, and the order in which a new one is set up. */
export function Overview(props: SectionProps) {
  const { instance, info } = props;
  const { t, i18n } = useTranslation();
  return (
    <div className="overview">
      <dl className="facts">
        <dt>{t('cc.instanceName')}</dt>
        <dd>{info.name}</dd>
        <dt>ID</dt>
        <dd className="mono">{info.id}</dd>
        <dt>{t('common.description')}</dt>
        <dd>{info.description || '—'}</dd>
        <dt>{t('cc.functionAccess')}</dt>
        <dd>{info.functionAccess.granted ? t('cc.granted') : t('cc.notGranted')}</dd>
        <dt>{t('common.created')}</dt>
        <dd>{formatTime(info.createdAt, i18n.language)}</dd>
      </dl>
      <CallSettings {...props} />
      <h3>{t('cc.setupSteps')}</h3>
      <ol className="setup-steps">
        {STEPS.map((s) => (
          <li key={s}>
            <Link to={href.instance(instance, s)}>{t(`section.${s}`)}</Link>
            <span className="muted"> — {t(`cc.step.${s}`)}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
