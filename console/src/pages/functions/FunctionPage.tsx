import { useTranslation } from 'react-i18next';
import type { FunctionRef } from '../../api/functions';
import { Loaded } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Tabs } from '../../components/Tabs';
import { useApi } from '../../hooks/auth';
import { useResource } from '../../hooks/resource';
import { FUNCTION_TABS, type FunctionTab, href } from '../../router/routes';
import { CodeTab } from './CodeTab';
import { InvocationsTab } from './InvocationsTab';
import { SettingsTab } from './SettingsTab';
import { VersionsTab } from './VersionsTab';

/** One function: code and runs, recent invocations, versions, settings. */
export function FunctionPage({ fnRef, tab }: { fnRef: FunctionRef; tab: FunctionTab }) {
  const { t } = useTranslation();
  const api = useApi();
  const { region, service, fn } = fnRef;
  const info = useResource(() => api.fn.get(fnRef), [api, region, service, fn]);
  return (
    <>
      <PageHeader
        crumbs={[
          { label: t('nav.functionService'), to: href.services(region) },
          { label: region, to: href.services(region) },
          { label: service, to: href.functions(region, service) },
          { label: fn },
        ]}
        title={
          <>
            {fn}
            {info.data && (
              <span className="title-badges">
                <span className="badge">{info.data.runtime}</span>
                <span className="badge" data-testid="function-version">
                  {t('fn.versionN', { n: info.data.version })}
                </span>
              </span>
            )}
          </>
        }
      />
      <Tabs
        current={tab}
        items={FUNCTION_TABS.map((id) => ({
          id,
          label: t(`fn.tab.${id}`),
          to: href.fn(region, service, fn, id),
        }))}
      />
      <Loaded resource={info}>
        {(data) => {
          switch (tab) {
            case 'code':
              return <CodeTab fnRef={fnRef} info={data} onDeployed={(next) => info.setData(next)} />;
            case 'invocations':
              return <InvocationsTab fnRef={fnRef} />;
            case 'versions':
              return <VersionsTab fnRef={fnRef} />;
            case 'settings':
              return <SettingsTab fnRef={fnRef} info={data} onSaved={(next) => info.setData(next)} />;
            default:
              return null;
          }
        }}
      </Loaded>
    </>
  );
}
