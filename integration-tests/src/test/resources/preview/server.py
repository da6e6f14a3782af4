# A small server for PortsIT, run inside a sandbox: static files from /workspace/site, a POST
# that upper-cases its body, a chunked stream that waits for a file between its two chunks, the
# request's headers, and a WebSocket echo (standard library only).
import base64, hashlib, http.server, os, socketserver, struct, sys, time

ROOT = "/workspace/site"


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=ROOT, **kwargs)

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.headers.get("Upgrade", "").lower() == "websocket":
            return self.websocket()
        if self.path == "/stream":
            return self.stream()
        if self.path == "/origin-wide":
            # Fields that would reach past the preview to the API's whole origin.
            self.send_response(200)
            self.send_header("Service-Worker-Allowed", "/")
            self.send_header("Clear-Site-Data", '"storage"')
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
            return
        if self.path == "/switch":
            # Switching protocols nobody asked for.
            self.wfile.write(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: evil\r\nConnection: Upgrade\r\n\r\n")
            self.wfile.flush()
            return
        if self.path.startswith("/headers"):
            body = "".join(f"{k.lower()}: {v}\n" for k, v in self.headers.items()).encode()
            body += f"path: {self.path}\n".encode()
            return self.answer(200, body)
        super().do_GET()

    def do_POST(self):
        data = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.answer(200, data.upper())

    def answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def stream(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.chunk(b"first\n")
        deadline = time.time() + 60
        while not os.path.exists(ROOT + "/go") and time.time() < deadline:
            time.sleep(0.05)
        self.chunk(b"second\n")
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def websocket(self):
        key = self.headers["Sec-WebSocket-Key"] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
        self.send_response(101)
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", base64.b64encode(hashlib.sha1(key.encode()).digest()).decode())
        self.end_headers()
        self.wfile.flush()
        while True:
            head = self.rfile.read(2)
            if len(head) < 2:
                return
            opcode, length = head[0] & 0x0F, head[1] & 0x7F
            if length == 126:
                length = struct.unpack(">H", self.rfile.read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self.rfile.read(8))[0]
            mask = self.rfile.read(4) if head[1] & 0x80 else b"\0\0\0\0"
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(self.rfile.read(length)))
            if opcode == 8:
                self.wfile.write(b"\x88\x00")
                self.wfile.flush()
                return
            reply, opcode = (b"echo: " + payload, 1) if opcode == 1 else (payload, 10 if opcode == 9 else opcode)
            size = bytes([len(reply)]) if len(reply) < 126 else struct.pack(">BH", 126, len(reply))
            self.wfile.write(bytes([0x80 | opcode]) + size + reply)
            self.wfile.flush()


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


Server(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
