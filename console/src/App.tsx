import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Layout } from './components/Layout';
import { useAuth } from './hooks/auth';
import { InstancePage } from './pages/cc/InstancePage';
import { Instances } from './pages/cc/Instances';
import { Functions } from './pages/functions/Functions';
import { Services } from './pages/functions/Services';
import { SignIn } from './pages/SignIn';
import { navigate, useLocation } from './router/history';
import { parseRoute, type Route } from './router/routes';

// The heavy pages (CodeMirror, React Flow) load when first opened.
const FunctionPage = lazy(() =>
  import('./pages/functions/FunctionPage').then((m) => ({ default: m.FunctionPage })),
);
const DesignerPage = lazy(() => import('./designer/DesignerPage').then((m) => ({ default: m.DesignerPage })));
const CallPage = lazy(() => import('./pages/calls/CallPage').then((m) => ({ default: m.CallPage })));
// The agent workbench has its own sign-in (agent and password), so it sits outside the key gate.
const WorkbenchPage = lazy(() =>
  import('./workbench/WorkbenchPage').then((m) => ({ default: m.WorkbenchPage })),
);

export function App() {
  const { key } = useAuth();
  const { pathname } = useLocation();
  const route = parseRoute(pathname);
  const workbench = route.page === 'workbench';
  useEffect(() => {
    if (workbench) return;
    if (!key && route.page !== 'signin') navigate('/console/signin', { replace: true });
    if (key && route.page === 'signin') navigate('/console/functions', { replace: true });
  }, [key, route.page, workbench]);
  if (workbench)
    return (
      <Suspense fallback={<Loading />}>
        <WorkbenchPage />
      </Suspense>
    );
  if (!key || route.page === 'signin') return key ? null : <SignIn />;
  return (
    <Layout route={route}>
      <Suspense fallback={<Loading />}>
        <Page route={route} />
      </Suspense>
    </Layout>
  );
}

function Loading() {
  const { t } = useTranslation();
  return <div className="loading">{t('common.loading')}</div>;
}

function Page({ route }: { route: Route }) {
  const { t } = useTranslation();
  switch (route.page) {
    case 'services':
      return <Services region={route.region} />;
    case 'functions':
      return <Functions region={route.region} service={route.service} />;
    case 'function':
      return (
        <FunctionPage
          fnRef={{ region: route.region, service: route.service, fn: route.fn }}
          tab={route.tab}
        />
      );
    case 'instances':
      return <Instances />;
    case 'instance':
      return <InstancePage instance={route.instance} section={route.section} />;
    case 'designer':
      return (
        <DesignerPage key={`${route.instance}/${route.flow}`} instance={route.instance} flow={route.flow} />
      );
    case 'call':
      return <CallPage instance={route.instance} callId={route.call} />;
    default:
      return <div className="empty">{t('common.notFound')}</div>;
  }
}
