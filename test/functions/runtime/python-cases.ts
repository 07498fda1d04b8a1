/** The conformance cases written for Python (see conformance-suite.ts). */
import type { ConformanceCases } from './conformance-suite.js';
import type { FunctionFiles } from './harness.js';

const py = (code: string): FunctionFiles => ({ 'index.py': code });

export const pythonCases: ConformanceCases = {
  runtime: 'python3',
  syntaxErrorLocation: /index\.py.*line 3/,
  missingHandlerMessage: "module 'index' has no attribute 'nope'",
  functions: {
    echoJson: py(`import json


def handler(event, context):
    return {"got": json.loads(event), "isBytes": isinstance(event, bytes)}
`),
    returnsString: py(`def handler(event, context):
    return "héllo ✓"
`),
    returnsBytes: py(`def handler(event, context):
    return bytes([0, 1, 2, 255])
`),
    returnsObject: py(`def handler(event, context):
    return {"n": 1, "list": [1, 2]}
`),
    returnsNothing: py(`def handler(event, context):
    pass
`),
    asyncHandler: py(`import asyncio


async def handler(event, context):
    await asyncio.sleep(0.01)
    return "done"
`),
    contextFields: py(`def handler(event, context):
    return {
        "requestId": context.request_id,
        "functionName": context.function.name,
        "handler": context.function.handler,
        "memory": context.function.memory,
        "timeout": context.function.timeout,
        "version": context.function.version,
        "service": context.service.name,
        "region": context.region,
        "accountId": context.account_id,
        "remainingMs": context.get_remaining_time_in_millis(),
    }
`),
    environment: py(`import os


def handler(event, context):
    return {
        "greeting": os.environ.get("GREETING"),
        "keys": list(os.environ),
        "path": os.environ.get("PATH"),
        "home": os.environ.get("HOME"),
    }
`),
    filesystem: py(`import errno
import json
import os


def attempt(action):
    try:
        action()
        return "ok"
    except OSError as err:
        return errno.errorcode.get(err.errno, str(err))


def write(path):
    with open(path, "w") as file:
        file.write("x")


def handler(event, context):
    server_file = json.loads(event)["serverFile"]
    return {
        "readServerFile": attempt(lambda: open(server_file).read()),
        "readShadow": attempt(lambda: open("/etc/shadow").read()),
        "readOwnCode": attempt(lambda: open("/code/index.py").read()),
        "writeCode": attempt(lambda: write("/code/new.txt")),
        "writeTmp": attempt(lambda: write("/tmp/new.txt")),
        "root": os.listdir("/"),
    }
`),
    initializer: py(`inits = 0


def initialize(context):
    global inits
    inits += 1
    print("initializing", context.request_id)


def handler(event, context):
    return inits
`),
    initializerThrows: py(`def initialize(context):
    raise RuntimeError("init failed")


def handler(event, context):
    return "never"
`),
    throwsError: py(`class CustomError(Exception):
    pass


def handler(event, context):
    raise CustomError("boom")
`),
    syntaxError: py(`def handler(event, context):
    return 1
def broken(:
`),
    missingHandler: py(`def handler(event, context):
    return 1
`),
    missingModule: { 'other.py': 'def handler(event, context):\n    return 1\n' },
    busyLoop: py(`def handler(event, context):
    print("starting")
    while True:
        pass
`),
    microtaskLoop: py(`import asyncio


async def handler(event, context):
    print("starting")
    while True:
        await asyncio.sleep(0)
`),
    neverSettles: py(`import asyncio


async def handler(event, context):
    print("starting")
    await asyncio.get_running_loop().create_future()
`),
    memoryHog: py(`def handler(event, context):
    chunks = []
    while True:
        chunks.append(b"x" * (1 << 20))
`),
    exits: py(`import os


def handler(event, context):
    print("exiting")
    os._exit(3)
`),
    segfault: py(`import os
import signal


def handler(event, context):
    os.kill(os.getpid(), signal.SIGSEGV)
`),
    counter: py(`count = 0


def handler(event, context):
    global count
    count += 1
    return count
`),
    logs: py(`import logging
import sys


def handler(event, context):
    print("one")
    context.logger.info("two")
    sys.stdout.write("three\\n")
    print("four", file=sys.stderr)
    logging.warning("five")
    return "logged"
`),
    httpCall: py(`import json
import urllib.request


def handler(event, context):
    with urllib.request.urlopen(json.loads(event)["url"]) as response:
        return response.read().decode()
`),
    sleeps: py(`import time


def handler(event, context):
    time.sleep(0.1)
    return context.request_id
`),
  },
};
