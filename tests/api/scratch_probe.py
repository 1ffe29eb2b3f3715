from tests.conftest import Api, Org

def test_probe(api_for, org):
    r = api_for("a_reporter")
    print("users-outlet", r.post("/users", {"username": "moi", "password": "Mat-khau-dai-2026", "roles": {str(org.a.pk): "reporter"}}).json())
    print("users-star", r.post("/users", {"username": "moi", "password": "Mat-khau-dai-2026", "roles": {"*": "reporter"}}).json())
    adm = api_for("a_admin")
    print("admin-star", adm.post("/users", {"username": "moi", "password": "Mat-khau-dai-2026", "roles": {"*": "reporter"}}).json())
    print("admin-B", adm.post("/users", {"username": "moi", "password": "Mat-khau-dai-2026", "roles": {str(org.b.pk): "reporter"}}).json())
    print("admin-A", adm.post("/users", {"username": "moi", "password": "Mat-khau-dai-2026", "roles": {str(org.a.pk): "reporter"}}).json())
    print("rep-users-list", r.get("/users").status_code)
    print("rep-desk", r.post("/desks", {"outlet": org.a.pk, "slug": "x", "name": "X"}).json())
