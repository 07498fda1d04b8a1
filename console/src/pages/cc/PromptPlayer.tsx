import { useTranslation } from 'react-i18next';
import { AudioPlayer } from '../../components/AudioPlayer';
import { useApi } from '../../hooks/auth';

/** A prompt's normalised audio, played in the page. */
export function PromptPlayer({ instance, name }: { instance: string; name: string }) {
  const { t } = useTranslation();
  const api = useApi();
  return (
    <AudioPlayer load={() => api.cc.promptAudio(instance, name)} label={t('cc.promptAudio', { name })} />
  );
}
