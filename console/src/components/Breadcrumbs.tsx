import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../router/Link';

export interface Crumb {
  label: string;
  to?: string;
}

export function Breadcrumbs({ items }: { items: Crumb[] }) {
  const { t } = useTranslation();
  return (
    <nav className="breadcrumbs" aria-label={t('common.breadcrumbs')}>
      {items.map((c, i) => (
        <Fragment key={`${i}:${c.label}`}>
          {i > 0 && <span className="crumb-sep">/</span>}
          {c.to && i < items.length - 1 ? <Link to={c.to}>{c.label}</Link> : <span>{c.label}</span>}
        </Fragment>
      ))}
    </nav>
  );
}
