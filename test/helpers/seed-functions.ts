/**
 * The seed's function (steps 1 and 2 of the scenario) as a user would write it, in both runtimes:
 * parse the event, read `phone`, ask the lookup API, return province + city; on any exception log
 * the error and return nothing.
 */
export const seedPython = `# -*- coding: utf-8 -*-
import json
import logging
import os
import urllib.request

logger = logging.getLogger()

def handler(event, context):
    try:
        phone = json.loads(event)["phone"]
        url = os.environ["LOOKUP_URL"] + "?phone=" + phone
        with urllib.request.urlopen(url, timeout=2) as res:
            data = json.loads(res.read().decode("utf-8"))
        return data["province"] + data["city"]
    except Exception as e:
        logger.error("lookup failed: %s", e)
`;

export const seedNode = `exports.handler = async (event, context) => {
  try {
    const { phone } = JSON.parse(event);
    const res = await fetch(process.env.LOOKUP_URL + '?phone=' + phone);
    if (!res.ok) throw new Error('lookup API answered ' + res.status);
    const data = await res.json();
    return data.province + data.city;
  } catch (e) {
    console.error('lookup failed: ' + e.message);
  }
};
`;
