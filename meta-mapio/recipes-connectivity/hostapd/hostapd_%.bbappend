# The setup access point: mapio-webserver-back writes its config (a fresh password at each start) in
# /etc/hostapd/, the one folder of /etc its unit may write besides /etc/wpa_supplicant, and starts
# and stops hostapd.service itself (never enabled at boot).
FILESEXTRAPATHS:prepend := "${THISDIR}/files:"
SRC_URI += "file://mapio-access-point.conf"

do_install:append() {
    install -d -m 0700 ${D}${sysconfdir}/hostapd
    install -D -m 0644 ${WORKDIR}/mapio-access-point.conf ${D}${systemd_system_unitdir}/hostapd.service.d/mapio-access-point.conf
}
FILES:${PN} += "${sysconfdir}/hostapd ${systemd_system_unitdir}/hostapd.service.d/mapio-access-point.conf"
