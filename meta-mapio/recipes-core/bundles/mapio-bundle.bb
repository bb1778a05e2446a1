SUMMARY = "MAPIO OS update: a signed verity RAUC bundle of mapio-image's root filesystem"
LICENSE = "MIT"
LIC_FILES_CHKSUM = "file://${COMMON_LICENSE_DIR}/MIT;md5=0835ade698e0bcf8506ecda2f7b4f302"

inherit bundle

# Must match [system] compatible in recipes-core/rauc/files/system.conf.
RAUC_BUNDLE_COMPATIBLE = "mapio-cm4"
RAUC_BUNDLE_VERSION = "${DISTRO_VERSION}-${DATETIME}"
RAUC_BUNDLE_VERSION[vardepsexclude] = "DATETIME"
RAUC_BUNDLE_DESCRIPTION = "MAPIO OS"
RAUC_BUNDLE_FORMAT = "verity"

RAUC_BUNDLE_SLOTS = "rootfs"
RAUC_SLOT_rootfs = "mapio-image"
RAUC_SLOT_rootfs[fstype] = "ext4"

RAUC_KEY_FILE = "${MAPIO_RAUC_KEY_DIR}/development-1.key.pem"
RAUC_CERT_FILE = "${MAPIO_RAUC_KEY_DIR}/development-1.cert.pem"
RAUC_KEYRING_FILE = "${MAPIO_RAUC_KEY_DIR}/ca.cert.pem"
