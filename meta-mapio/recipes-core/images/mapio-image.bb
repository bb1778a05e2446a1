SUMMARY = "MAPIO OS: the gateway's root filesystem (host daemons, broker, Docker, RAUC)"
LICENSE = "MIT"
LIC_FILES_CHKSUM = "file://${COMMON_LICENSE_DIR}/MIT;md5=0835ade698e0bcf8506ecda2f7b4f302"

inherit core-image

IMAGE_FEATURES += "ssh-server-openssh"
IMAGE_FSTYPES:append = " ext4"

IMAGE_INSTALL:append = " \
    mapio-init \
    mapio-display \
    mapio-gpio-ha \
    mapio-webserver-back \
    mapio-compose \
    mapio-nvme-mount \
    mosquitto \
    mosquitto-clients \
    docker-moby \
    docker-compose \
    rauc \
    kernel-modules \
    wpa-supplicant \
    iw \
    linux-firmware-rpidistro-bcm43455 \
"

# The root filesystem is one RAUC slot (700 MiB); the data partition holds everything that grows.
IMAGE_ROOTFS_MAXSIZE = "716800"
