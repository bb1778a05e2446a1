SUMMARY = "mapio-webserver-back: HTTP API on :8456 (Docker services, OS update, SSH keys, Wi-Fi, network)"
MAPIO_DAEMON = "webserver-back"
require recipes-mapio/mapio-daemon.inc

# Docker and its compose CLI, RAUC, the SSH key parser, Wi-Fi (scan, client, access point), network
# state, journal and units (systemd).
# mapio-webserver-front: the web UI it serves by default (MAPIO_WEB_ROOT).
RDEPENDS:${PN} += "docker-moby docker-compose rauc openssh-keygen iw wpa-supplicant hostapd iproute2 systemd mapio-compose mapio-webserver-front"
