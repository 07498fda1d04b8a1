import { useTranslation } from 'react-i18next';
import type { FunctionRef } from '../../api/functions';
import { formatTime } from '../../components/format';
import { Loaded } from '../../components/Loading';
import { useApi } from '../../hooks/auth';
import { useResource } from '../../hooks/resource';

/** Every version (immutable): its settings and code digest. */
export function VersionsTab({ fnRef }: { fnRef: FunctionRef }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const versions = useResource(() => api.fn.versions(fnRef), [api, fnRef.region, fnRef.service, fnRef.fn]);
  return (
    <Loaded resource={versions}>
      {(rows) => (
        <table className="table">
          <thead>
            <tr>
              <th>{t('fn.version')}</th>
              <th>{t('common.created')}</th>
              <th>{t('fn.runtime')}</th>
              <th>{t('fn.handler')}</th>
              <th>{t('fn.timeout')}</th>
              <th>{t('fn.memory')}</th>
              <th>{t('fn.codeSize')}</th>
              <th>SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((v) => (
              <tr key={v.version}>
                <td>{v.version}</td>
                <td>{formatTime(v.createdAt, i18n.language)}</td>
                <td>{v.runtime}</td>
                <td className="mono">{v.handler}</td>
                <td>{v.timeoutSeconds} s</td>
                <td>{v.memoryMb} MB</td>
                <td>{v.codeSize} B</td>
                <td className="mono" title={v.codeSha256}>
                  {v.codeSha256.slice(0, 12)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Loaded>
  );
}
