# The owner's SSH keys live on the data partition (mapio-webserver-back writes them there), so an OS
# update keeps them; passwords never log in.
FILESEXTRAPATHS:prepend := "${THISDIR}/files:"
SRC_URI += "file://mapio.conf"

do_install:append() {
    install -D -m 0600 ${WORKDIR}/mapio.conf ${D}${sysconfdir}/ssh/sshd_config.d/mapio.conf
}
FILES:${PN}-sshd += "${sysconfdir}/ssh/sshd_config.d/mapio.conf"
