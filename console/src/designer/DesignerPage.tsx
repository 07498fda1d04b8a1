import { useTranslation } from 'react-i18next';
import { Loaded } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { useApi } from '../hooks/auth';
import { useResource } from '../hooks/resource';
import { href } from '../router/routes';
import { Designer } from './Designer';

/** Loads the flow, the module definitions and what the panels offer (entries, groups, agents …). */
export function DesignerPage({ instance, flow }: { instance: string; flow: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const data = useResource(async () => {
    const [modules, view, entries, skillGroups, agents, prompts, flows] = await Promise.all([
      api.flows.modules(),
      api.flows.get(instance, flow),
      api.cc.entries(instance),
      api.cc.skillGroups(instance),
      api.cc.agents(instance),
      api.cc.prompts(instance),
      api.flows.flows(instance),
    ]);
    return {
      modules,
      view,
      resources: {
        entries,
        skillGroups,
        agents,
        prompts,
        flows: flows.map((f) => f.name).filter((n) => n !== flow),
      },
    };
  }, [api, instance, flow]);
  return (
    <div className="designer-page">
      <PageHeader
        crumbs={[
          { label: t('nav.instances'), to: href.instances() },
          { label: instance, to: href.instance(instance) },
          { label: t('section.flows'), to: href.instance(instance, 'flows') },
          { label: flow },
        ]}
        title={t('designer.title', { flow })}
      />
      <Loaded resource={data}>
        {(d) => <Designer instance={instance} view={d.view} modules={d.modules} resources={d.resources} />}
      </Loaded>
    </div>
  );
}
