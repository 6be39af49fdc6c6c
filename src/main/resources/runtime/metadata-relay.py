# The metadata server as the VMs of one network reach it: listens on 169.254.169.254:80 in the
# network's namespace (where the emulator starts it, out of the VMs' reach), then moves itself to
# the emulator's network namespace (fd 3, opened before it started) and relays each request to
# the emulator's metadata server there, its path prefixed with the network and the address the
# request came from, so that a VM is always answered for itself (its scripts cannot send from
# another address: their capabilities are dropped). Arguments: the network's namespace, and the
# server's port.
import ctypes
import socket
import sys
import threading

LIBC = ctypes.CDLL(None, use_errno=True)
# It dies with the emulator, as the VM's sandbox does (PR_SET_PDEATHSIG, SIGKILL).
LIBC.prctl(1, 9)
NETWORK, PORT = sys.argv[1], int(sys.argv[2])
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("169.254.169.254", 80))
listener.listen(64)
if LIBC.setns(3, 0x40000000) != 0:
    sys.exit("setns: " + str(ctypes.get_errno()))
print("ready", flush=True)


def back(upstream, client):
    try:
        while True:
            data = upstream.recv(65536)
            if not data:
                break
            client.sendall(data)
    except OSError:
        pass
    finally:
        try:
            client.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve(client, peer):
    upstream = socket.create_connection(("127.0.0.1", PORT))
    threading.Thread(target=back, args=(upstream, client), daemon=True).start()
    buffered = b""
    try:
        while True:
            while b"\r\n\r\n" not in buffered:
                data = client.recv(65536)
                if not data:
                    return
                buffered += data
            head, buffered = buffered.split(b"\r\n\r\n", 1)
            lines = head.split(b"\r\n")
            method, target, version = lines[0].split(b" ", 2)
            length = 0
            for line in lines[1:]:
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            while len(buffered) < length:
                data = client.recv(65536)
                if not data:
                    return
                buffered += data
            body, buffered = buffered[:length], buffered[length:]
            request = b" ".join([method, ("/addresses/" + NETWORK + "/" + peer).encode() + target, version])
            upstream.sendall(b"\r\n".join([request] + lines[1:]) + b"\r\n\r\n" + body)
    except (OSError, ValueError):
        pass
    finally:
        try:
            upstream.shutdown(socket.SHUT_WR)
        except OSError:
            pass


while True:
    connection, address = listener.accept()
    threading.Thread(target=serve, args=(connection, address[0]), daemon=True).start()
