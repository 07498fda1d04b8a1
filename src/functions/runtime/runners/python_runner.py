"""Runs one user function in its own process (inside the sandbox).

Read by the server from the source tree. It starts generic (no function yet), answers READY, then
gets one PING (answered PONG), one LOAD with the function's handler and environment, then one
INVOKE at a time.

Wire format (same as src/functions/runtime/frame-codec.ts): frames on fd 3 (from the server) and
fd 4 (to the server): u32 BE length | u8 kind | u32 BE header length | JSON header | body.

Logs: context.logger and the logging module write lines prefixed `<ISO time> <requestId> [LEVEL] `;
print() and sys.stdout/sys.stderr writes are passed through as written (line-buffered). Both are
sent as LOG frames as they happen, so they stay in order with the RESULT and survive a kill.
"""

import asyncio
import inspect
import importlib
import io
import json
import logging
import os
import resource
import struct
import sys
import threading
import time
import traceback
from datetime import datetime, timezone
from types import SimpleNamespace

FROM_SERVER_FD = 3
TO_SERVER_FD = 4
LOAD, INVOKE, PING, READY, LOADED, LOG, RESULT, PONG = 1, 2, 3, 10, 11, 12, 13, 14
NO_REQUEST = "-"
PREFIX = struct.Struct(">IBI")

code_dir = sys.argv[1] if len(sys.argv) > 1 else "/code"
runtime_env = dict(os.environ)
write_lock = threading.Lock()
state = SimpleNamespace(request_id=NO_REQUEST, config=None, handler=None, service=None, function=None)
loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)


class HandlerNotFound(Exception):
    pass


# ---- frames --------------------------------------------------------------------------------


def send_frame(kind, header=None, body=b""):
    header_bytes = b"" if header is None else json.dumps(header, separators=(",", ":")).encode()
    frame = PREFIX.pack(5 + len(header_bytes) + len(body), kind, len(header_bytes)) + header_bytes + body
    view = memoryview(frame)
    with write_lock:
        while view:
            view = view[os.write(TO_SERVER_FD, view) :]


def read_frames():
    reader = open(FROM_SERVER_FD, "rb", buffering=1 << 16, closefd=False)
    while True:
        prefix = reader.read(PREFIX.size)
        if len(prefix) < PREFIX.size:
            return  # the server closed its end
        length, kind, header_length = PREFIX.unpack(prefix)
        rest = reader.read(length - 5)
        yield kind, json.loads(rest[:header_length]), rest[header_length:]


# ---- logs ----------------------------------------------------------------------------------


class LogSink:
    """Sends log text to the server; raw writes are held until a newline (like a terminal)."""

    def __init__(self):
        self.lock = threading.RLock()
        self.partial = []
        self.bytes = 0
        self.truncated = False
        self.limit = 1 << 20

    def raw(self, text):
        with self.lock:
            self.partial.append(text)
            if "\n" in text:
                self.flush()

    def line(self, text):
        with self.lock:
            self.flush()
            self._send(text)

    def flush(self):
        with self.lock:
            if self.partial:
                text = "".join(self.partial)
                self.partial = []
                self._send(text)

    def _send(self, text):
        data = text.encode("utf-8", "replace")
        if self.bytes + len(data) > self.limit:
            self.truncated = True
            return
        self.bytes += len(data)
        send_frame(LOG, None, data)


sink = LogSink()


def timestamp():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def log_line(level, request_id, message):
    sink.line(f"{timestamp()} {request_id} [{level}] {message}\n")


class CapturedBytes:
    def write(self, data):
        sink.raw(bytes(data).decode("utf-8", "replace"))
        return len(data)

    def flush(self):
        sink.flush()


class CapturedStream(io.TextIOBase):
    """Stands in for sys.stdout and sys.stderr."""

    buffer = CapturedBytes()

    @property
    def encoding(self):
        return "utf-8"

    def writable(self):
        return True

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        sink.raw(text)
        return len(text)

    def flush(self):
        sink.flush()


class CapturedLogging(logging.Handler):
    def emit(self, record):
        try:
            log_line(record.levelname, state.request_id, self.format(record))
        except Exception:
            self.handleError(record)


def capture_output():
    sys.stdout = CapturedStream()
    sys.stderr = CapturedStream()
    root = logging.getLogger()
    root.handlers = [CapturedLogging()]
    root.setLevel(logging.INFO)


class ContextLogger:
    def __init__(self, request_id):
        self._request_id = request_id

    def _log(self, level, message, args):
        log_line(level, self._request_id, message % args if args else message)

    def debug(self, message, *args):
        self._log("DEBUG", message, args)

    def info(self, message, *args):
        self._log("INFO", message, args)

    def warn(self, message, *args):
        self._log("WARN", message, args)

    warning = warn

    def error(self, message, *args):
        self._log("ERROR", message, args)


# ---- values and errors ---------------------------------------------------------------------


def encode_value(value):
    if value is None:
        return b"null"
    if isinstance(value, str):
        return value.encode()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    return json.dumps(value).encode()


def describe_error(err):
    entries = traceback.format_exception(type(err), err, err.__traceback__)
    own = [e for e in entries if "python_runner.py" not in e and "<frozen importlib" not in e]
    return {
        "errorMessage": str(err),
        "errorType": type(err).__name__,
        "stackTrace": "".join(own).splitlines(),
    }


def error_body(err):
    return json.dumps(describe_error(err)).encode()


# ---- loading the function ------------------------------------------------------------------


def import_export(spec):
    module_path, _, name = spec.rpartition(".")
    if not module_path or not name:
        raise HandlerNotFound(f"handler '{spec}' must look like 'file.function'")
    module_name = module_path.replace("/", ".")
    module = importlib.import_module(module_name)
    found = getattr(module, name, None)
    if not callable(found):
        raise HandlerNotFound(f"module '{module_name}' has no attribute '{name}'")
    return found


def settle(value):
    return loop.run_until_complete(value) if inspect.isawaitable(value) else value


def limit_address_space(memory_mb):
    # A backstop for allocations too fast for the server's RSS watchdog: twice the memory
    # limit of address space on top of what the interpreter maps already (threads reserve
    # address space they never touch, so the limit on resident memory stays the watchdog's).
    with open("/proc/self/status") as status:
        vm_size_kb = next(int(line.split()[1]) for line in status if line.startswith("VmSize:"))
    limit = vm_size_kb * 1024 + 2 * memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


class Context:
    __slots__ = ("request_id", "account_id", "region", "service", "function", "logger", "_deadline")

    def __init__(self, request_id, deadline):
        self.request_id = request_id
        self.account_id = state.config["accountId"]
        self.region = state.config["region"]
        self.service = state.service
        self.function = state.function
        self.logger = ContextLogger(request_id)
        self._deadline = deadline

    def get_remaining_time_in_millis(self):
        return max(0, round((self._deadline - time.monotonic()) * 1000))


def load(header):
    state.config = header
    state.service = SimpleNamespace(**header["service"])
    state.function = SimpleNamespace(**header["function"])
    state.request_id = header["requestId"]
    sink.limit = header["logLimitBytes"]
    os.environ.clear()
    os.environ.update(runtime_env)
    os.environ.update(header["environment"])
    limit_address_space(header["memoryMb"])
    phase = "load"
    try:
        state.handler = import_export(header["handler"])
        phase = "init"
        if header["initializer"]:
            initialize = import_export(header["initializer"])
            deadline = time.monotonic() + header["initializationTimeoutMs"] / 1000
            settle(initialize(Context(header["requestId"], deadline)))
        sink.flush()
        send_frame(LOADED, {"ok": True})
    except Exception as err:
        sink.flush()
        send_frame(LOADED, {"ok": False, "phase": phase, "error": describe_error(err)})
    finally:
        state.request_id = NO_REQUEST


# ---- invoking ------------------------------------------------------------------------------


def invoke(header, event):
    started = time.monotonic()
    state.request_id = header["requestId"]
    sink.bytes = 0
    context = Context(header["requestId"], started + header["timeoutMs"] / 1000)
    ok, out_of_memory = True, False
    try:
        body = encode_value(settle(state.handler(event, context)))
    except MemoryError as err:
        ok, out_of_memory, body = False, True, error_body(err)
    except Exception as err:
        ok, body = False, error_body(err)
    limit = state.config["maxPayloadBytes"]
    if ok and len(body) > limit:
        message = f"the result of {len(body)} bytes is larger than the limit of {limit} bytes"
        ok, body = False, json.dumps({"errorMessage": message, "errorType": "ResultTooLarge", "stackTrace": []}).encode()
    duration_ms = (time.monotonic() - started) * 1000
    sink.flush()
    result = {
        "ok": ok,
        "durationMs": duration_ms,
        "maxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "logTruncated": sink.truncated,
        "outOfMemory": out_of_memory,
        "fatal": out_of_memory,
    }
    state.request_id = NO_REQUEST
    sink.truncated = False
    send_frame(RESULT, result, body)


def warm_up():
    # Costs a first call would otherwise pay, paid before READY.
    timestamp()
    json.loads(json.dumps({"warm": [1]}))
    describe_error(ValueError("warm"))


def main():
    sys.path.insert(0, code_dir)
    warm_up()
    capture_output()
    send_frame(READY, {})
    for kind, header, body in read_frames():
        if kind == INVOKE:
            invoke(header, body)
        elif kind == LOAD:
            load(header)
        elif kind == PING:
            send_frame(PONG, {})


main()
