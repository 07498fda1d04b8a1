import { useTranslation } from 'react-i18next';
import type { Instance } from '../../api/types';
import { Loaded } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useApi } from '../../hooks/auth';
import { useResource } from '../../hooks/resource';
import { href, type InstanceSection } from '../../router/routes';
import { Calls } from '../calls/Calls';
import { LiveView } from '../calls/LiveView';
import { Agents } from './Agents';
import { Flows } from './Flows';
import { Integration } from './Integration';
import { Numbers } from './Numbers';
import { Overview } from './Overview';
import { Prompts } from './Prompts';
import { SkillGroups } from './SkillGroups';

export interface SectionProps {
  instance: string;
  info: Instance;
  onInfo(next: Instance): void;
}

/** One instance: the section chosen in the left navigation. */
export function InstancePage({ instance, section }: { instance: string; section: InstanceSection }) {
  const { t } = useTranslation();
  const api = useApi();
  const info = useResource(() => api.cc.instance(instance), [api, instance]);
  return (
    <>
      <PageHeader
        crumbs={[
          { label: t('nav.contactCenter'), to: href.instances() },
          { label: t('nav.instances'), to: href.instances() },
          { label: instance, to: href.instance(instance) },
          { label: t(`section.${section}`) },
        ]}
        title={t(`section.${section}`)}
      />
      <Loaded resource={info}>
        {(data) => (
          <Section section={section} instance={instance} info={data} onInfo={(n) => info.setData(n)} />
        )}
      </Loaded>
    </>
  );
}

function Section({ section, ...props }: SectionProps & { section: InstanceSection }) {
  switch (section) {
    case 'overview':
      return <Overview {...props} />;
    case 'numbers':
      return <Numbers {...props} />;
    case 'skill-groups':
      return <SkillGroups {...props} />;
    case 'agents':
      return <Agents {...props} />;
    case 'prompts':
      return <Prompts {...props} />;
    case 'integration':
      return <Integration {...props} />;
    case 'flows':
      return <Flows {...props} />;
    case 'calls':
      return <Calls {...props} />;
    case 'live':
      return <LiveView {...props} />;
    default:
      return null;
  }
}
