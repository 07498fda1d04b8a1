import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../hooks/auth';
import { Link } from '../router/Link';
import { href, INSTANCE_SECTIONS, type InstanceSection, type Route } from '../router/routes';
import { LanguageSwitch } from './LanguageSwitch';

/** The console's frame: left navigation, the top bar (language, who is signed in, sign out), the page. */
export function Layout({ route, children }: { route: Route; children: ReactNode }) {
  const { t } = useTranslation();
  const { key, identity, signOut } = useAuth();
  const instance = 'instance' in route ? route.instance : undefined;
  const inFunctions = route.page === 'services' || route.page === 'functions' || route.page === 'function';
  const section: InstanceSection | undefined =
    route.page === 'instance'
      ? route.section
      : route.page === 'designer'
        ? 'flows'
        : route.page === 'call'
          ? 'calls'
          : undefined;
  return (
    <div className="app">
      <aside className="sidebar">
        <Link to="/console/functions" className="brand">
          <span className="brand-mark">H</span> Hotline
        </Link>
        <nav aria-label={t('nav.label')}>
          <div className="nav-section">{t('nav.functionService')}</div>
          <Link to={href.services(lastRegion())} className={`nav-item${inFunctions ? ' active' : ''}`}>
            {t('nav.services')}
          </Link>
          <div className="nav-section">{t('nav.contactCenter')}</div>
          <Link to={href.instances()} className={`nav-item${route.page === 'instances' ? ' active' : ''}`}>
            {t('nav.instances')}
          </Link>
          {instance && (
            <div className="nav-sub">
              <div className="nav-instance" title={instance}>
                {instance}
              </div>
              {INSTANCE_SECTIONS.map((s) => (
                <Link
                  key={s}
                  to={href.instance(instance, s)}
                  className={`nav-item nav-item-sub${section === s ? ' active' : ''}`}
                >
                  {t(`section.${s}`)}
                </Link>
              ))}
            </div>
          )}
        </nav>
      </aside>
      <div className="main">
        <header className="topbar">
          <span className="topbar-spacer" />
          <LanguageSwitch />
          {identity ? (
            <span
              className="key-badge"
              title={t('auth.signedInAs', {
                user: identity.user,
                account: identity.account,
                time: new Date(identity.expiresAt).toLocaleString(),
              })}
            >
              {identity.user} @ {identity.account}
            </span>
          ) : (
            <span className="key-badge" title={t('auth.signedInWith')}>
              {maskKey(key ?? '')}
            </span>
          )}
          <button type="button" className="button button-small" onClick={signOut}>
            {t('auth.signOut')}
          </button>
        </header>
        <main className="content">{children}</main>
      </div>
    </div>
  );
}

function maskKey(key: string): string {
  const id = key.split('.')[0] ?? '';
  return id ? `${id}.…` : '';
}

const REGION_KEY = 'hotline.region';

export function lastRegion(): string | undefined {
  return localStorage.getItem(REGION_KEY) ?? undefined;
}

export function rememberRegion(region: string): void {
  localStorage.setItem(REGION_KEY, region);
}
