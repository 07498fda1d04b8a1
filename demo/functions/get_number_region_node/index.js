// Looks up the region (号码归属地) of a phone number: province + city, e.g. 北京北京.
// The event is JSON: {"phone": "13800138000"}. With LOOKUP_URL set it asks that HTTP API
// (GET LOOKUP_URL?phone=..., answering {"province", "city"}); otherwise it answers from the small
// table below. On any error it logs and returns nothing, so the IVR takes its failure exit.

// Fixed-line area codes (a sample, not a complete list).
const AREA_CODES = {
  '010': '北京北京',
  '021': '上海上海',
  '022': '天津天津',
  '023': '重庆重庆',
  '020': '广东广州',
  '0755': '广东深圳',
  '0571': '浙江杭州',
  '025': '江苏南京',
  '0311': '河北石家庄',
  '0312': '河北保定',
  '0315': '河北唐山',
  '0310': '河北邯郸',
};

// Mobile number segments: the first 7 digits (a sample, not a complete list).
const MOBILE_SEGMENTS = {
  1380013: '北京北京',
  1391001: '北京北京',
  1352000: '北京北京',
  1391679: '上海上海',
  1381620: '上海上海',
  1393311: '河北石家庄',
  1383120: '河北保定',
  1360315: '河北唐山',
};

function lookupTable(phone) {
  let digits = String(phone).replace(/\D/g, '');
  if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);
  if (digits.length === 11 && digits.startsWith('1')) return MOBILE_SEGMENTS[digits.slice(0, 7)] ?? null;
  if (digits.startsWith('0')) return AREA_CODES[digits.slice(0, 4)] ?? AREA_CODES[digits.slice(0, 3)] ?? null;
  return null;
}

async function lookupApi(url, phone) {
  const res = await fetch(`${url}${url.includes('?') ? '&' : '?'}phone=${encodeURIComponent(phone)}`, {
    signal: AbortSignal.timeout(2000),
  });
  if (!res.ok) throw new Error(`lookup API answered ${res.status}`);
  const body = await res.json();
  return body.province + body.city;
}

exports.handler = async (event, context) => {
  try {
    const { phone } = JSON.parse(event);
    const url = process.env.LOOKUP_URL;
    const region = url ? await lookupApi(url, phone) : lookupTable(phone);
    context.logger.info(`phone ${phone} is in ${region}`);
    return region ?? undefined;
  } catch (e) {
    context.logger.error(`lookup failed: ${e}`);
    return undefined;
  }
};
