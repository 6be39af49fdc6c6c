# A VM's external address as the host reaches it: listens on a free port of the host's loopback
# (where the emulator starts it), then moves itself to the VM's network's namespace (fd 3, opened
# before it started) and forwards each connection to the VM's internal address and port there,
# from 169.254.1.1, the network's side of every VM's link. Prints the port it listens on.
# Arguments: the VM's internal address and the port.
import ctypes
import socket
import sys
import threading

LIBC = ctypes.CDLL(None, use_errno=True)
# It dies with the emulator, as the VM's sandbox does (PR_SET_PDEATHSIG, SIGKILL).
LIBC.prctl(1, 9)
ADDRESS, PORT = sys.argv[1], int(sys.argv[2])
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("127.0.0.1", 0))
listener.listen(64)
if LIBC.setns(3, 0x40000000) != 0:
    sys.exit("setns: " + str(ctypes.get_errno()))
print(listener.getsockname()[1], flush=True)


def pump(source, target):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            target.sendall(data)
    except OSError:
        pass
    finally:
        try:
            target.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def serve(client):
    try:
        upstream = socket.create_connection((ADDRESS, PORT), timeout=5)
        upstream.settimeout(None)
    except OSError:
        client.close()
        return
    threading.Thread(target=pump, args=(upstream, client), daemon=True).start()
    pump(client, upstream)


while True:
    connection, _ = listener.accept()
    threading.Thread(target=serve, args=(connection,), daemon=True).start()
