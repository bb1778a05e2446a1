# MAPIO's broker: local listener, per-daemon credentials made at every boot, and the ACL that keeps
# the daemons' secrets from anonymous clients.
FILESEXTRAPATHS:prepend := "${THISDIR}/files:"
SRC_URI += " \
    file://mapio.conf \
    file://mapio.acl \
    file://mapio-mqtt-credentials \
    file://mapio-mqtt-credentials.service \
"

inherit systemd
SYSTEMD_SERVICE:${PN} += "mapio-mqtt-credentials.service"

do_install:append() {
    install -m 0644 ${WORKDIR}/mapio.conf ${D}${sysconfdir}/mosquitto/mosquitto.conf
    install -m 0644 ${WORKDIR}/mapio.acl ${D}${sysconfdir}/mosquitto/mapio.acl
    install -D -m 0755 ${WORKDIR}/mapio-mqtt-credentials ${D}${libexecdir}/mapio-mqtt-credentials
    install -D -m 0644 ${WORKDIR}/mapio-mqtt-credentials.service ${D}${systemd_system_unitdir}/mapio-mqtt-credentials.service
    # mosquitto reads the password file these credentials are in.
    install -d ${D}${systemd_system_unitdir}/mosquitto.service.d
    printf '[Unit]\nRequires=mapio-mqtt-credentials.service\nAfter=mapio-mqtt-credentials.service\n' \
        > ${D}${systemd_system_unitdir}/mosquitto.service.d/mapio.conf
}

FILES:${PN} += "${libexecdir}/mapio-mqtt-credentials ${systemd_system_unitdir}"
RDEPENDS:${PN} += "coreutils"
