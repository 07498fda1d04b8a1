# -*- coding: utf-8 -*-
"""Looks up the region (号码归属地) of a phone number: province + city, e.g. 北京北京.

The event is JSON: {"phone": "13800138000"}. With LOOKUP_URL set in the function's environment
variables it asks that HTTP API (GET LOOKUP_URL?phone=..., answering {"province": .., "city": ..});
otherwise it answers from the small table below. On any error it logs and returns nothing, so the
IVR takes its failure exit.
"""
import json
import logging
import os
import urllib.parse
import urllib.request

logger = logging.getLogger()

# Fixed-line area codes (a sample, not a complete list).
AREA_CODES = {
    "010": "北京北京",
    "021": "上海上海",
    "022": "天津天津",
    "023": "重庆重庆",
    "020": "广东广州",
    "0755": "广东深圳",
    "0571": "浙江杭州",
    "025": "江苏南京",
    "0311": "河北石家庄",
    "0312": "河北保定",
    "0315": "河北唐山",
    "0310": "河北邯郸",
}

# Mobile number segments: the first 7 digits (a sample, not a complete list).
MOBILE_SEGMENTS = {
    "1380013": "北京北京",
    "1391001": "北京北京",
    "1352000": "北京北京",
    "1391679": "上海上海",
    "1381620": "上海上海",
    "1393311": "河北石家庄",
    "1383120": "河北保定",
    "1360315": "河北唐山",
}


def lookup_table(phone):
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if len(digits) == 11 and digits.startswith("1"):
        return MOBILE_SEGMENTS.get(digits[:7])
    if digits.startswith("0"):
        for length in (4, 3):
            region = AREA_CODES.get(digits[:length])
            if region:
                return region
    return None


def lookup_api(url, phone):
    query = urllib.parse.urlencode({"phone": phone})
    with urllib.request.urlopen(url + ("&" if "?" in url else "?") + query, timeout=2) as res:
        body = json.loads(res.read().decode("utf-8"))
    return body["province"] + body["city"]


def handler(event, context):
    try:
        phone = json.loads(event)["phone"]
        url = os.environ.get("LOOKUP_URL")
        region = lookup_api(url, phone) if url else lookup_table(phone)
        logger.info("phone %s is in %s", phone, region)
        return region
    except Exception as e:
        logger.error("lookup failed: %r", e)
        return None
