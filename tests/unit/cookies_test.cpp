// Cookie writes: set_cookie on Starlette/FastAPI and Flask/Werkzeug responses,
// Flask cookie configuration, SessionMiddleware, CookieTransport, and the near
// misses (reading cookies, cookie jars, test clients, the repo's own helper).
#include <catch2/catch.hpp>

#include "tests/support/model_from_source.h"

using namespace archverify;
using model::CookieFramework;
using model::CookieWriteKind;
using model::FlagValue;
using model::ResponseOrigin;
using model::SameSite;

namespace {
std::vector<const model::CookieWrite*> writes(const model::RepoModel& m, const std::string& path) {
  std::vector<const model::CookieWrite*> out;
  for (const auto& w : m.cookie_writes)
    if (m.files[w.file].path == path) out.push_back(&w);
  return out;
}
}  // namespace

TEST_CASE("FastAPI set_cookie on the response parameter and constructed responses", "[cookies]") {
  auto m = testing::model_from_sources({{"app/config.py", "COOKIE_SECURE = True\n"}, {"app/auth.py", R"py(
from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse, RedirectResponse
from app.config import COOKIE_SECURE
from app.settings import settings

router = APIRouter()

@router.post("/login")
def login(response: Response):
    token = create_access_token()
    response.set_cookie(key="access_token", value=token, httponly=True, secure=settings.PRODUCTION, samesite="strict")
    return {"ok": True}

@router.post("/refresh")
def refresh():
    resp = JSONResponse({"ok": True})
    resp.set_cookie("refresh", make_refresh(), secure=COOKIE_SECURE, **opts)
    r = RedirectResponse("/")
    r.set_cookie("theme", "dark", None, None, "/", None, False, False, None)
    return resp
)py"}});
  auto w = writes(*m, "app/auth.py");
  REQUIRE(w.size() == 3);
  CHECK(w[0]->kind == CookieWriteKind::SetCookie);
  CHECK(w[0]->framework == CookieFramework::Starlette);
  CHECK(w[0]->origin == ResponseOrigin::Parameter);
  CHECK(w[0]->cookie_name == "access_token");
  CHECK(w[0]->httponly.value == FlagValue::True);
  CHECK(w[0]->secure.value == FlagValue::Dynamic);
  CHECK(w[0]->secure.decided_by == "settings.PRODUCTION");
  CHECK(w[0]->samesite.value == SameSite::Strict);
  CHECK(w[0]->looks_like_token);
  CHECK(m->files[w[0]->file].functions[w[0]->function].name == "login");
  CHECK(w[1]->origin == ResponseOrigin::Constructed);
  CHECK(w[1]->framework == CookieFramework::Starlette);
  CHECK(w[1]->secure.value == FlagValue::True);  // module constant followed
  CHECK(w[1]->httponly.value == FlagValue::Unset);
  CHECK(w[1]->samesite.value == SameSite::Unset);
  CHECK(w[1]->has_kwargs_splat);
  CHECK(w[1]->looks_like_token);
  CHECK(w[2]->cookie_name == "theme");
  CHECK(w[2]->secure.value == FlagValue::False);  // positional
  CHECK(w[2]->httponly.value == FlagValue::False);
  CHECK(w[2]->samesite.value == SameSite::Omitted);
  CHECK_FALSE(w[2]->looks_like_token);
}

TEST_CASE("Flask make_response/jsonify/redirect responses", "[cookies]") {
  auto m = testing::model_from_sources({{"app/views.py", R"py(
from flask import Flask, make_response, jsonify, redirect

app = Flask(__name__)

@app.post("/login")
def login():
    resp = make_response(jsonify(ok=True))
    resp.set_cookie("session", sid, httponly=True, samesite="None")
    jsonify(ok=1).set_cookie("jwt", t)
    r = redirect("/")
    r.set_cookie("x", "y", secure=True)
    return resp
)py"}});
  auto w = writes(*m, "app/views.py");
  REQUIRE(w.size() == 3);
  CHECK(w[0]->framework == CookieFramework::Werkzeug);
  CHECK(w[0]->origin == ResponseOrigin::FlaskHelper);
  CHECK(w[0]->samesite.value == SameSite::NoneValue);
  CHECK(w[0]->looks_like_token);
  CHECK(w[1]->origin == ResponseOrigin::Inline);
  CHECK(w[1]->cookie_name == "jwt");
  CHECK(w[2]->origin == ResponseOrigin::FlaskHelper);
  CHECK(w[2]->secure.value == FlagValue::True);
}

TEST_CASE("Flask cookie configuration: config[], update(), config classes and modules", "[cookies]") {
  auto m = testing::model_from_sources({{"app/__init__.py", R"py(
from flask import Flask
import os

def create_app():
    app = Flask(__name__)
    app.config["SESSION_COOKIE_SECURE"] = os.environ.get("ENV") == "prod"
    app.config.update(SESSION_COOKIE_HTTPONLY=True, REMEMBER_COOKIE_SECURE=False, JWT_TOKEN_LOCATION=["cookies"])
    return app
)py"},
                                        {"app/config.py", R"py(
class ProdConfig:
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_SAMESITE = "Lax"
    JWT_COOKIE_SECURE = True
    DEBUG = False

SESSION_COOKIE_NAME = "sid"
)py"}});
  auto a = writes(*m, "app/__init__.py");
  REQUIRE(a.size() == 4);
  CHECK(a[0]->kind == CookieWriteKind::FlaskConfig);
  CHECK(a[0]->family == model::FlaskCookieFamily::Session);
  CHECK(a[0]->framework == CookieFramework::FlaskSession);
  CHECK(a[0]->secure.value == FlagValue::Dynamic);
  CHECK(a[0]->secure.decided_by == "os.environ.get(…)");
  // update(...) gives one write per family, in family order
  CHECK(a[1]->family == model::FlaskCookieFamily::Session);
  CHECK(a[1]->httponly.value == FlagValue::True);
  CHECK(a[1]->secure.value == FlagValue::Unset);
  CHECK(a[2]->family == model::FlaskCookieFamily::Remember);
  CHECK(a[2]->secure.value == FlagValue::False);
  CHECK(a[3]->family == model::FlaskCookieFamily::Jwt);
  CHECK(a[3]->framework == CookieFramework::FlaskJwtExtended);
  CHECK(a[3]->jwt_token_locations == std::vector<std::string>{"cookies"});
  auto c = writes(*m, "app/config.py");
  REQUIRE(c.size() == 3);
  // class body: session + jwt; module body: session name
  int session = 0;
  for (const auto* w : c) {
    if (w->family == model::FlaskCookieFamily::Session && w->secure.value == FlagValue::True) {
      ++session;
      CHECK(w->samesite.value == SameSite::Lax);
    }
    if (w->cookie_name == "sid") ++session;
  }
  CHECK(session == 2);
}

TEST_CASE("SessionMiddleware and fastapi-users CookieTransport", "[cookies]") {
  auto m = testing::model_from_sources({{"app/main.py", R"py(
from fastapi import FastAPI
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from fastapi_users.authentication import CookieTransport

app = FastAPI(middleware=[Middleware(SessionMiddleware, secret_key="x", same_site="none")])
app.add_middleware(SessionMiddleware, secret_key="x", https_only=True)
transport = CookieTransport(cookie_name="auth", cookie_secure=False, cookie_samesite="lax")
)py"}});
  auto w = writes(*m, "app/main.py");
  REQUIRE(w.size() == 3);
  CHECK(w[0]->kind == CookieWriteKind::StarletteSessionMiddleware);
  CHECK(w[0]->samesite.value == SameSite::NoneValue);
  CHECK(w[0]->secure.value == FlagValue::Unset);
  CHECK(w[0]->cookie_name == "session");
  CHECK(w[1]->kind == CookieWriteKind::StarletteSessionMiddleware);
  CHECK(w[1]->secure.value == FlagValue::True);
  CHECK(w[2]->kind == CookieWriteKind::FastApiUsersCookieTransport);
  CHECK(w[2]->framework == CookieFramework::FastApiUsers);
  CHECK(w[2]->cookie_name == "auth");
  CHECK(w[2]->secure.value == FlagValue::False);
  CHECK(w[2]->httponly.value == FlagValue::Unset);
  CHECK(w[2]->samesite.value == SameSite::Lax);
}

TEST_CASE("near misses: reading cookies, jars, test clients, own helper classes", "[cookies]") {
  auto m = testing::model_from_sources({{"app/helpers.py", R"py(
from fastapi import Response
from http.cookiejar import CookieJar
import requests

class CookieHelper:
    def set_cookie(self, response: Response, token):
        response.set_cookie("access_token", token, httponly=True)

    def login(self, response: Response, token):
        self.set_cookie(response, token)

helper = CookieHelper()

def use(request, response: Response, client, jar: CookieJar):
    request.cookies.get("access_token")
    helper.set_cookie(response, "t")
    jar.set_cookie(cookie)
    s = requests.Session()
    s.cookies.set_cookie(cookie)
    client.cookies.set("a", "b")
    client.set_cookie("localhost", "a", "b")
    cookie_jar.set_cookie(cookie)
)py"}});
  auto w = writes(*m, "app/helpers.py");
  REQUIRE(w.size() == 1);  // only the helper's internal call
  CHECK(w[0]->receiver == "response");
  CHECK(m->files[w[0]->file].functions[w[0]->function].qualname == "CookieHelper.set_cookie");
  CHECK(w[0]->framework == CookieFramework::Starlette);
}
