"""Serves a minimal JupyterLab notebook page (a webpack build/ with bundle.js) with Debian's
jupyter-server and jupyterlab-server: LabServerApp renders templates/index.html with the page
config at /d2l-lab, serves the build as static files, and the server's own kernels, sessions and
contents APIs do the rest.

Run from the tests as:
  D2L_LAB_PAGE_BUILD=.../build python3 -c "import d2l_lab_page; d2l_lab_page.main()" \
    --port=... --ServerApp.token=... --allow-root
with this folder on PYTHONPATH. D2L_LAB_PAGE_BUILD picks the page (this folder's build/, the
JupyterLab 3.5 page, by default; ../page4/build for JupyterLab 4).
"""
import os

from jupyterlab_server import LabServerApp

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.environ.get("D2L_LAB_PAGE_BUILD") or os.path.join(HERE, "build")


class D2lLabPage(LabServerApp):
    # The extension is found by module name (jupyter_server imports it again by that name), and
    # the name also places the static files at /static/d2l_lab_page/.
    name = __name__
    app_name = "d2l-ts JupyterLab page"
    extension_url = "/d2l-lab"
    default_url = "/d2l-lab"
    load_other_extensions = False

    # LabConfig traits: where the page, its template and its (absent) settings live.
    app_url = "/d2l-lab"
    static_dir = BUILD
    templates_dir = os.path.join(HERE, "templates")
    schemas_dir = ""
    user_settings_dir = ""
    workspaces_dir = ""
    themes_dir = ""


def _jupyter_server_extension_points():
    return [{"module": __name__, "app": D2lLabPage}]


def main():
    D2lLabPage.launch_instance()


if __name__ == "__main__":
    main()
