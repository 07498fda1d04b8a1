import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../hooks/action';
import { ErrorBox } from './ErrorBox';

/**
 * Audio the API serves behind the key (an <audio src> cannot send it): fetched on demand, then
 * played in the page, with a link to save the file when `filename` is given.
 */
export function AudioPlayer({
  load,
  label,
  filename,
}: {
  load(): Promise<Blob>;
  /** The player's accessible name. */
  label: string;
  filename?: string;
}) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | undefined>(undefined);
  const action = useAction();
  useEffect(
    () => () => {
      if (url) URL.revokeObjectURL(url);
    },
    [url],
  );
  if (url)
    return (
      <span className="audio-player">
        {/* biome-ignore lint/a11y/useMediaCaption: telephony audio; what it holds is described beside it */}
        <audio controls autoPlay src={url} className="prompt-audio" aria-label={label} />
        {filename && (
          <a className="link-button" href={url} download={filename}>
            {t('common.download')}
          </a>
        )}
      </span>
    );
  return (
    <>
      <button
        type="button"
        className="link-button"
        disabled={action.busy}
        title={label}
        onClick={async () => {
          const blob = await action.run(load);
          if (blob) setUrl(URL.createObjectURL(blob));
        }}
      >
        ▶ {t('cc.listen')}
      </button>
      <ErrorBox error={action.error} />
    </>
  );
}
