/**
 * Which espeak-ng voice speaks a language tag (BCP 47, as flows write it: zh-CN, en-US…).
 * Mandarin tags go to `cmn`, Cantonese to `yue`, English regions to their espeak-ng variant; any
 * other tag is passed on in lower case (espeak-ng knows most primary language subtags).
 */
import { commonErrors } from '../../shared/errors.js';

const byTag: Readonly<Record<string, string>> = {
  zh: 'cmn',
  'zh-cn': 'cmn',
  'zh-sg': 'cmn',
  'zh-tw': 'cmn',
  'zh-hans': 'cmn',
  'zh-hant': 'cmn',
  'zh-hans-cn': 'cmn',
  cmn: 'cmn',
  'zh-hk': 'yue',
  'zh-mo': 'yue',
  yue: 'yue',
  en: 'en',
  'en-us': 'en-us',
  'en-gb': 'en-gb',
};

const tagPattern = /^[a-z]{2,3}(-[a-z0-9]{1,8}){0,3}$/;
/** espeak-ng voice names, with an optional +variant (e.g. en-us+f3); never starting with "-". */
const voicePattern = /^[a-z0-9][a-z0-9_-]{0,39}(\+[a-z0-9]{1,20})?$/;

/** The voice for a language tag, or the explicit voice when one is given; throws ValidationFailed. */
export function espeakVoiceFor(language: string, voice?: string): string {
  if (voice !== undefined && voice !== '') {
    const v = voice.toLowerCase();
    if (!voicePattern.test(v))
      throw commonErrors.ValidationFailed(`"${voice}" is not an espeak-ng voice name`);
    return v;
  }
  const tag = language.trim().toLowerCase().replaceAll('_', '-');
  if (!tagPattern.test(tag))
    throw commonErrors.ValidationFailed(`"${language}" is not a language tag such as zh-CN`);
  return byTag[tag] ?? byTag[tag.split('-')[0]!] ?? tag;
}
