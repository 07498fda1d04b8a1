import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox';
import { useAction } from '../../hooks/action';
import { useApi } from '../../hooks/auth';

/** Fetches a prompt's audio with the key (an <audio src> cannot send it) and plays it in the page. */
export function PromptPlayer({ instance, name }: { instance: string; name: string }) {
  const { t } = useTranslation();
  const api = useApi();
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
      // biome-ignore lint/a11y/useMediaCaption: telephony prompts; their text is shown beside them
      <audio
        controls
        autoPlay
        src={url}
        className="prompt-audio"
        aria-label={t('cc.promptAudio', { name })}
      />
    );
  return (
    <>
      <button
        type="button"
        className="link-button"
        disabled={action.busy}
        onClick={async () => {
          const blob = await action.run(() => api.cc.promptAudio(instance, name));
          if (blob) setUrl(URL.createObjectURL(blob));
        }}
      >
        ▶ {t('cc.listen')}
      </button>
      <ErrorBox error={action.error} />
    </>
  );
}
