import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Resource } from '../hooks/resource';
import { ErrorBox } from './ErrorBox';

/** Shows a resource's error or a loading line, or renders it once loaded. */
export function Loaded<T>({
  resource,
  children,
}: {
  resource: Resource<T>;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (resource.data !== undefined)
    return (
      <>
        {resource.error !== undefined && <ErrorBox error={resource.error} />}
        {children(resource.data)}
      </>
    );
  if (resource.error !== undefined) return <ErrorBox error={resource.error} />;
  return <div className="loading">{t('common.loading')}</div>;
}
