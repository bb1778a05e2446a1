SUMMARY = "The compose services MAPIO OS ships (/home/root/mapio/docker-compose.yml) and their example configuration"
LICENSE = "MIT"
LIC_FILES_CHKSUM = "file://${COMMON_LICENSE_DIR}/MIT;md5=0835ade698e0bcf8506ecda2f7b4f302"

FILESEXTRAPATHS:prepend := "${MAPIO_COMPOSE_DIR}:"
SRC_URI = " \
    file://docker-compose.yml \
    file://mapio.env.example \
    file://caddy/Caddyfile \
    file://samba/smb.conf \
    file://resticprofile/profiles.yaml \
    file://mapio-compose.tmpfiles \
"
INHIBIT_DEFAULT_DEPS = "1"
do_configure[noexec] = "1"
do_compile[noexec] = "1"

MAPIO_COMPOSE_HOME = "${ROOT_HOME}/mapio"
MAPIO_COMPOSE_EXAMPLES = "${datadir}/mapio/compose"

do_install() {
    install -D -m 0644 ${WORKDIR}/docker-compose.yml ${D}${MAPIO_COMPOSE_HOME}/docker-compose.yml
    # The settings and secrets live on the data partition, so an OS update keeps them.
    ln -sf /usr/local/mapio/compose.env ${D}${MAPIO_COMPOSE_HOME}/.env
    install -D -m 0644 ${WORKDIR}/mapio.env.example ${D}${MAPIO_COMPOSE_EXAMPLES}/mapio.env.example
    install -D -m 0644 ${WORKDIR}/caddy/Caddyfile ${D}${MAPIO_COMPOSE_EXAMPLES}/caddy/Caddyfile
    install -D -m 0644 ${WORKDIR}/samba/smb.conf ${D}${MAPIO_COMPOSE_EXAMPLES}/samba/smb.conf
    install -D -m 0644 ${WORKDIR}/resticprofile/profiles.yaml ${D}${MAPIO_COMPOSE_EXAMPLES}/resticprofile/profiles.yaml
    install -D -m 0644 ${WORKDIR}/mapio-compose.tmpfiles ${D}${nonarch_libdir}/tmpfiles.d/mapio-compose.conf
}

FILES:${PN} = "${MAPIO_COMPOSE_HOME} ${MAPIO_COMPOSE_EXAMPLES} ${nonarch_libdir}/tmpfiles.d"
RDEPENDS:${PN} = "docker-moby docker-compose"
