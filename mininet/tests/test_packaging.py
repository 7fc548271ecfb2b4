"""The ONOS app archive is something ONOS can install: app.xml naming the app and its bundle,
and a bundle whose manifest and component descriptors are complete."""

import glob
import io
import os
import re
import zipfile
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def manifest_headers(text):
    """MANIFEST.MF with continuation lines joined."""
    headers = {}
    for line in text.replace("\r\n", "\n").replace("\n ", "").splitlines():
        if ":" in line:
            key, value = line.split(":", 1)
            headers[key.strip()] = value.strip()
    return headers


def test_oar_holds_app_xml_and_an_osgi_bundle():
    oars = glob.glob(os.path.join(ROOT, "onos-app", "target", "onos-app-*.oar"))
    assert len(oars) == 1, "build the app first (mvn install): %s" % oars
    with zipfile.ZipFile(oars[0]) as oar:
        app = ET.fromstring(oar.read("app.xml"))
        assert app.get("name") == "org.resplice.app"
        artifact = app.find("artifact").text
        m = re.fullmatch(r"mvn:org\.resplice/onos-app/([^/]+)", artifact)
        assert m, artifact
        bundle_path = "m2/org/resplice/onos-app/%s/onos-app-%s.jar" % (m.group(1), m.group(1))
        assert "m2/org/resplice/onos-app/%s/onos-app-%s-features.xml" % (m.group(1), m.group(1)) in oar.namelist()
        bundle = zipfile.ZipFile(io.BytesIO(oar.read(bundle_path)))

    headers = manifest_headers(bundle.read("META-INF/MANIFEST.MF").decode())
    assert headers["Bundle-SymbolicName"] == "org.resplice.app"
    assert headers["Bundle-ManifestVersion"] == "2"
    assert headers["Web-ContextPath"] == "/resplice"
    imports = headers["Import-Package"]
    for package in ("org.onosproject.net.flow", "org.onosproject.net.packet", "javax.ws.rs"):
        assert package in imports
    # tag-config travels inside the bundle; ONOS has no such bundle to import it from.
    assert "org.resplice.tagconfig" not in imports
    assert "WEB-INF/classes/org/resplice/tagconfig/TagTableCodec.class" in bundle.namelist()

    components = headers["Service-Component"].split(",")
    for name in ("FabricManager", "TagTableManager", "DistributedTagTableStore"):
        path = "OSGI-INF/org.resplice.app.impl.%s.xml" % name
        assert path in components
        descriptor = ET.fromstring(bundle.read(path))
        assert descriptor.get("activate") == "activate"
        assert descriptor.find("implementation").get("class") == "org.resplice.app.impl." + name
    assert "WEB-INF/web.xml" in bundle.namelist()
