#!/usr/bin/env python3
"""Deterministic synthetic back-end generator for archverify benchmarks.

Writes a multi-tenant FastAPI (default) or Flask + SQLAlchemy application with
as many entities as it takes to reach about N lines of Python. Each entity gets
a model, a schema, a router (or blueprint), a service, an Alembic migration and
a test file; the repository also gets app/main.py (or the app factory), an
openapi.yaml listing the routes and an archverify.yaml genome.

The code is meant to look like a real code base to the analyzer: most queries
filter on workspace_id, some do not; some foreign keys are indexed, some are
not; some loops read relationships row by row, some use selectinload; a few
routes forget the auth dependency and a few spec operations are missing.

N counts lines of the generated .py files (what archverify parses and Bandit
scans); openapi.yaml, archverify.yaml and the other text files come on top.
Same arguments -> byte-identical tree (no clocks, no hash-order dependence,
per-entity random streams seeded from a string).

Usage: gen_repo.py OUT_DIR --lines N [--seed S] [--stack fastapi|flask]
Python 3 standard library only.
"""

import argparse
import os
import random
import sys

# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------

NOUNS = [
    "Project", "Task", "Invoice", "Customer", "Order", "Shipment", "Ticket", "Asset",
    "Contract", "Payment", "Vendor", "Warehouse", "Product", "Campaign", "Lead", "Meeting",
    "Document", "Policy", "Budget", "Expense", "Report", "Survey", "Device", "Incident",
    "Release", "Milestone", "Sprint", "Team", "Channel", "Message", "Subscription", "Coupon",
    "Refund", "Vehicle", "Route", "Booking", "Room", "Course", "Lesson", "Enrollment",
    "Patient", "Appointment", "Prescription", "Claim", "Quote", "Proposal", "Approval",
    "Checklist", "Inspection", "License", "Permit", "Supplier", "Batch", "Recipe", "Menu",
    "Playlist", "Episode", "Article", "Review", "Badge",
]

QUALIFIERS = [
    "Draft", "Archived", "Shared", "Internal", "External", "Recurring", "Scheduled", "Pending",
    "Regional", "Global", "Legacy", "Partner", "Audit", "Billing", "Support", "Sales",
    "Field", "Remote", "Custom", "Linked", "Team", "Daily", "Weekly", "Monthly",
    "Quarterly", "Annual", "Priority", "Bulk", "Mobile", "Web",
]

# (column name, SQLAlchemy type expr, genome type, pydantic type, alembic type, nullable)
FIELD_POOL = [
    ("name", "String(120)", "string", "str", "sa.String(length=120)", False),
    ("title", "String(200)", "string", "str", "sa.String(length=200)", False),
    ("description", "Text", "text", "Optional[str]", "sa.Text()", True),
    ("status", "String(20)", "string", "str", "sa.String(length=20)", False),
    ("priority", "Integer", "int", "int", "sa.Integer()", False),
    ("amount", "Numeric(12, 2)", "decimal", "Decimal", "sa.Numeric(12, 2)", False),
    ("currency", "String(3)", "string", "str", "sa.String(length=3)", False),
    ("is_active", "Boolean", "bool", "bool", "sa.Boolean()", False),
    ("due_date", "Date", "date", "Optional[date]", "sa.Date()", True),
    ("starts_at", "DateTime(timezone=True)", "datetime", "Optional[datetime]", "sa.DateTime(timezone=True)", True),
    ("ends_at", "DateTime(timezone=True)", "datetime", "Optional[datetime]", "sa.DateTime(timezone=True)", True),
    ("external_ref", "String(64)", "string", "Optional[str]", "sa.String(length=64)", True),
    ("notes", "Text", "text", "Optional[str]", "sa.Text()", True),
    ("quantity", "Integer", "int", "int", "sa.Integer()", False),
    ("score", "Float", "float", "float", "sa.Float()", False),
    ("color", "String(16)", "string", "Optional[str]", "sa.String(length=16)", True),
    ("slug", "String(80)", "string", "str", "sa.String(length=80)", False),
    ("contact_email", "String(255)", "string", "Optional[str]", "sa.String(length=255)", True),
    ("url", "String(500)", "string", "Optional[str]", "sa.String(length=500)", True),
    ("sort_order", "Integer", "int", "int", "sa.Integer()", False),
    ("archived", "Boolean", "bool", "bool", "sa.Boolean()", False),
]

STRING_FIELDS = {"name", "title", "slug", "status"}


def snake(name):
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i > 0:
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


def plural(word):
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def camel_lower(snake_name):
    parts = snake_name.split("_")
    return parts[0] + "".join(p.capitalize() for p in parts[1:])


def entity_name(index):
    noun = NOUNS[index % len(NOUNS)]
    cycle = index // len(NOUNS)
    if cycle == 0:
        return noun
    qualifier = QUALIFIERS[(cycle - 1) % len(QUALIFIERS)]
    generation = (cycle - 1) // len(QUALIFIERS)
    return qualifier + noun + (("V%d" % (generation + 1)) if generation else "")


# ---------------------------------------------------------------------------
# Entity plan (all randomness lives here; rendering is pure)
# ---------------------------------------------------------------------------


class Entity:
    def __init__(self, index, seed, earlier):
        rng = random.Random("archverify-bench:%s:%d" % (seed, index))
        self.index = index
        self.name = entity_name(index)
        self.snake = snake(self.name)
        self.table = plural(self.snake)
        self.url = self.table.replace("_", "-")
        self.var = self.snake + "_id"
        # ~8% of entities are workspace-independent reference data (exempt in the genome)
        self.tenant = rng.random() >= 0.08
        self.fields = rng.sample(FIELD_POOL, rng.randint(4, 9))
        if not any(f[0] in STRING_FIELDS for f in self.fields):
            self.fields.insert(0, FIELD_POOL[0])
        self.label = next(f[0] for f in self.fields if f[0] in STRING_FIELDS)
        # parents: up to two earlier tenant entities, chosen among the last 40 so that
        # relationships stay local like in a real code base
        candidates = [e for e in earlier[-40:] if e.tenant] if self.tenant else []
        count = min(len(candidates), rng.choice([0, 1, 1, 1, 2]))
        self.parents = sorted(rng.sample(candidates, count), key=lambda e: e.index)
        self.children = []  # filled in as later entities pick this one
        self.parent_indexed = [rng.random() < 0.65 for _ in self.parents]
        self.parent_index_in_migration = [rng.random() < 0.5 for _ in self.parents]
        self.parent_lazy = [rng.choice(["select", "select", "selectin", "joined"]) for _ in self.parents]
        self.has_owner = rng.random() < 0.5
        self.owner_indexed = rng.random() < 0.4
        self.endpoints = [e for e in ("list", "get", "create", "update", "delete") if e in ("list", "get") or rng.random() < 0.8]
        self.unscoped_get = rng.random() < 0.15
        self.unscoped_delete = rng.random() < 0.15
        self.loop_uses_selectin = rng.random() < 0.5
        self.public_route = rng.random() < 0.04
        self.missing_from_spec = rng.random() < 0.05
        self.extra_queries = rng.randint(0, 4)
        self.has_search = rng.random() < 0.6
        self.router_dependency = rng.random() < 0.3

    @property
    def model_file(self):
        return "app/models/%s.py" % self.snake


# ---------------------------------------------------------------------------
# Rendering: each function returns the text of one file
# ---------------------------------------------------------------------------


def lines_of(text):
    return text.count("\n")


class Renderer:
    def __init__(self, stack):
        self.stack = stack
        self.flask = stack == "flask"

    # -- models ------------------------------------------------------------

    def col(self, expr):
        return ("db.Column(%s)" if self.flask else "Column(%s)") % expr

    def sa(self, name):
        return ("db." + name) if self.flask else name

    @staticmethod
    def owner_composite_index(e):
        return e.has_owner and not e.owner_indexed and e.index % 3 == 0

    def model(self, e):
        out = []
        if self.flask:
            out.append("from app.extensions import db")
            out.append("from app.models.base import TimestampMixin, WorkspaceMixin")
            base = "db.Model"
        else:
            names = {"Column", "ForeignKey", "Integer"}
            for f in e.fields:
                names.add(f[1].split("(")[0])
            if self.owner_composite_index(e):
                names.add("Index")
            out.append("from sqlalchemy import %s" % ", ".join(sorted(names)))
            out.append("from sqlalchemy.orm import relationship")
            out.append("")
            out.append("from app.models.base import Base, TimestampMixin, WorkspaceMixin")
            base = "Base"
        rel = "db.relationship" if self.flask else "relationship"
        out += ["", ""]
        mixins = ("WorkspaceMixin, " if e.tenant else "") + "TimestampMixin, "
        out.append("class %s(%s%s):" % (e.name, mixins, base))
        out.append('    """%s rows%s."""' % (e.name, " of one workspace" if e.tenant else " shared by every workspace"))
        out.append("")
        out.append('    __tablename__ = "%s"' % e.table)
        if self.owner_composite_index(e):
            out.append('    __table_args__ = (%s("ix_%s_owner_id_created_at", "owner_id", "created_at"),)' % (self.sa("Index"), e.table))
        out.append("")
        out.append("    id = %s" % self.col(self.sa("Integer") + ", primary_key=True"))
        for p, indexed in zip(e.parents, e.parent_indexed):
            args = '%s, %s("%s.id", ondelete="CASCADE"), nullable=False' % (self.sa("Integer"), self.sa("ForeignKey"), p.table)
            if indexed:
                args += ", index=True"
            out.append("    %s = %s" % (p.var, self.col(args)))
        if e.has_owner:
            args = '%s, %s("users.id", ondelete="SET NULL"), nullable=True' % (self.sa("Integer"), self.sa("ForeignKey"))
            if e.owner_indexed:
                args += ", index=True"
            out.append("    owner_id = %s" % self.col(args))
        for name, satype, _g, _p, _a, nullable in e.fields:
            extra = ", unique=True" if name in ("slug", "external_ref") else ""
            out.append("    %s = %s" % (name, self.col("%s, nullable=%s%s" % (self.sa(satype), nullable, extra))))
        out.append("")
        for p, lazy in zip(e.parents, e.parent_lazy):
            out.append('    %s = %s("%s", back_populates="%s", lazy="%s")' % (p.snake, rel, p.name, e.table, lazy))
        if e.has_owner:
            out.append('    owner = %s("User")' % rel)
        for c in e.children:
            out.append('    %s = %s("%s", back_populates="%s", cascade="all, delete-orphan")' % (c.table, rel, c.name, e.snake))
        out.append("")
        out.append("    def __repr__(self) -> str:")
        out.append('        return "<%s %%s>" %% self.id' % e.name)
        return "\n".join(out) + "\n"

    # -- schemas -----------------------------------------------------------

    def schema(self, e):
        if self.flask:
            return self.marshmallow_schema(e)
        out = [
            "from datetime import date, datetime",
            "from decimal import Decimal",
            "from typing import List, Optional",
            "",
            "from pydantic import BaseModel, Field",
            "",
            "",
            "class %sBase(BaseModel):" % e.name,
        ]
        for name, _s, _g, ptype, _a, _n in e.fields:
            default = " = None" if ptype.startswith("Optional") else ""
            if ptype == "str" and name in ("name", "title"):
                default = " = Field(..., max_length=200)"
            out.append("    %s: %s%s" % (name, ptype, default))
        out += ["", "", "class %sCreate(%sBase):" % (e.name, e.name)]
        for p in e.parents:
            out.append("    %s: int" % p.var)
        if e.has_owner:
            out.append("    owner_id: Optional[int] = None")
        if not e.parents and not e.has_owner:
            out.append("    pass")
        out += ["", "", "class %sUpdate(BaseModel):" % e.name]
        for name, _s, _g, ptype, _a, _n in e.fields:
            inner = ptype[len("Optional["):-1] if ptype.startswith("Optional") else ptype
            out.append("    %s: Optional[%s] = None" % (name, inner))
        out += ["", "", "class %sOut(%sBase):" % (e.name, e.name), "    id: int"]
        if e.tenant:
            out.append("    workspace_id: int")
        for p in e.parents:
            out.append("    %s: int" % p.var)
        out += ["    created_at: datetime", "", "    class Config:", "        orm_mode = True"]
        out += ["", "", "class %sPage(BaseModel):" % e.name, "    items: List[%sOut]" % e.name, "    total: int"]
        return "\n".join(out) + "\n"

    def marshmallow_schema(self, e):
        kinds = {"str": "Str", "int": "Int", "bool": "Bool", "float": "Float", "Decimal": "Decimal",
                 "date": "Date", "datetime": "DateTime"}
        out = ["from marshmallow import Schema, fields, validate", "", "", "class %sSchema(Schema):" % e.name,
               "    id = fields.Int(dump_only=True)"]
        if e.tenant:
            out.append("    workspace_id = fields.Int(dump_only=True)")
        for p in e.parents:
            out.append("    %s = fields.Int(required=True)" % p.var)
        for name, _s, _g, ptype, _a, _n in e.fields:
            optional = ptype.startswith("Optional")
            inner = ptype[len("Optional["):-1] if optional else ptype
            args = "allow_none=True" if optional else "required=True"
            if inner == "str" and name in ("name", "title"):
                args += ", validate=validate.Length(max=200)"
            out.append("    %s = fields.%s(%s)" % (name, kinds[inner], args))
        out += ["    created_at = fields.DateTime(dump_only=True)", "", "",
                "class %sUpdateSchema(%sSchema):" % (e.name, e.name), "    class Meta:", "        partial = True"]
        return "\n".join(out) + "\n"

    # -- services ----------------------------------------------------------

    def service(self, e):
        X = e.name
        ws_filter = "%s.workspace_id == workspace_id" % X
        out = []
        if self.flask:
            out += ["from typing import Dict, List, Optional", "",
                    "from sqlalchemy import delete, func, select, update",
                    "from sqlalchemy.orm import selectinload", "",
                    "from app.extensions import db"]
            out.append("from app.models import %s" % X)
            session, sess_param = "db.session", ""
        else:
            out += ["from typing import Dict, List, Optional", "",
                    "from sqlalchemy import delete, func, select, update",
                    "from sqlalchemy.orm import Session, selectinload", ""]
            out.append("from app.models import %s" % X)
            out.append("from app.schemas.%s import %sCreate, %sUpdate" % (e.snake, X, X))
            session, sess_param = "db", "db: Session, "
        scoped = e.tenant
        ws_param = "workspace_id: int, " if scoped else ""
        ws_arg = "workspace_id, " if scoped else ""

        def where(*conds):
            conds = ([ws_filter] if scoped else []) + list(conds)
            return ".where(%s)" % ", ".join(conds) if conds else ""

        out += ["", ""]
        out += [
            "def list_%s(%s%slimit: int = 50, offset: int = 0) -> List[%s]:" % (e.table, sess_param, ws_param, X),
            "    stmt = (",
            "        select(%s)" % X,
        ]
        if where():
            out.append("        %s" % where())
        out += [
            "        .order_by(%s.id)" % X,
            "        .limit(limit)",
            "        .offset(offset)",
            "    )",
            "    return list(%s.execute(stmt).scalars())" % session,
            "", "",
            "def count_%s(%s) -> int:" % (e.table, (sess_param + ws_param).rstrip(", ")),
            "    return %s.execute(select(func.count(%s.id))%s).scalar_one()" % (session, X, where()),
            "", "",
            "def get_%s(%s%s%s: int) -> Optional[%s]:" % (e.snake, sess_param, ws_param, e.var, X),
        ]
        if e.unscoped_get or not scoped:
            out.append("    return %s.get(%s, %s)" % (session, X, e.var))
        else:
            out.append("    stmt = select(%s)%s" % (X, where("%s.id == %s" % (X, e.var))))
            out.append("    return %s.execute(stmt).scalar_one_or_none()" % session)
        out += ["", ""]
        if self.flask:
            out.append("def create_%s(%sdata: dict) -> %s:" % (e.snake, ws_param, X))
            out.append("    obj = %s(%s**data)" % (X, "workspace_id=workspace_id, " if scoped else ""))
        else:
            out.append("def create_%s(%s%sdata: %sCreate) -> %s:" % (e.snake, sess_param, ws_param, X, X))
            out.append("    obj = %s(%s**data.dict())" % (X, "workspace_id=workspace_id, " if scoped else ""))
        out += [
            "    %s.add(obj)" % session,
            "    %s.flush()" % session,
            "    return obj",
            "", "",
        ]
        if self.flask:
            out.append("def update_%s(obj: %s, changes: dict) -> %s:" % (e.snake, X, X))
            out.append("    for field, value in changes.items():")
        else:
            out.append("def update_%s(%sobj: %s, changes: %sUpdate) -> %s:" % (e.snake, sess_param, X, X, X))
            out.append("    for field, value in changes.dict(exclude_unset=True).items():")
        out += [
            "        setattr(obj, field, value)",
            "    %s.flush()" % session,
            "    return obj",
            "", "",
            "def delete_%s(%s%s%s: int) -> int:" % (e.snake, sess_param, ws_param, e.var),
        ]
        if e.unscoped_delete or not scoped:
            out.append("    result = %s.execute(delete(%s).where(%s.id == %s))" % (session, X, X, e.var))
        else:
            out.append("    result = %s.execute(delete(%s)%s)" % (session, X, where("%s.id == %s" % (X, e.var))))
        out.append("    return result.rowcount")
        if e.has_search:
            out += ["", "",
                    "def search_%s(%s%sterm: str) -> List[%s]:" % (e.table, sess_param, ws_param, X),
                    '    pattern = "%" + term.strip() + "%"',
                    "    stmt = select(%s)%s.order_by(%s.%s)" % (X, where("%s.%s.ilike(pattern)" % (X, e.label)), X, e.label),
                    "    return list(%s.execute(stmt).scalars())" % session]
        for p, _lazy in zip(e.parents, e.parent_lazy):
            out += ["", "",
                    "def list_%s_for_%s(%s%s%s: int) -> List[%s]:" % (e.table, p.snake, sess_param, ws_param, p.var, X),
                    "    stmt = (",
                    "        select(%s)" % X,
                    "        %s" % where("%s.%s == %s" % (X, p.var, p.var)),
                    "        .options(selectinload(%s.%s))" % (X, p.snake),
                    "        .order_by(%s.id)" % X,
                    "    )",
                    "    return list(%s.execute(stmt).scalars())" % session]
        if e.parents:
            p = e.parents[0]
            options = ".options(selectinload(%s.%s))" % (X, p.snake) if e.loop_uses_selectin else ""
            out += ["", "",
                    "def summarize_%s_by_%s(%s) -> Dict[str, int]:" % (e.table, p.snake, (sess_param + ws_param).rstrip(", ")),
                    "    rows = %s.execute(select(%s)%s%s).scalars()" % (session, X, where(), options),
                    "    totals: Dict[str, int] = {}",
                    "    for row in rows:",
                    "        key = row.%s.%s" % (p.snake, p.label),
                    "        totals[key] = totals.get(key, 0) + 1",
                    "    return totals"]
        for k in range(e.extra_queries):
            out += ["", ""] + self.extra_query(e, k, session, sess_param, ws_param, where)
        return "\n".join(out) + "\n"

    def extra_query(self, e, k, session, sess_param, ws_param, where):
        X = e.name
        kind = (e.index + k) % 4
        if kind == 0:
            return ["def bulk_archive_%s(%sids: List[int]) -> int:" % (e.table, sess_param),
                    "    # bulk update by id list only",
                    "    stmt = update(%s).where(%s.id.in_(ids)).values(%s=%s)" % (
                        X, X, e.fields[0][0], "None" if e.fields[0][5] else "%s.%s" % (X, e.fields[0][0])),
                    "    return %s.execute(stmt).rowcount" % session]
        if kind == 1:
            return ["def recent_%s(%s%sdays: int = 7) -> List[%s]:" % (e.table, sess_param, ws_param, X),
                    "    cutoff = func.now() - func.make_interval(0, 0, 0, days)",
                    "    stmt = select(%s)%s.order_by(%s.created_at.desc())" % (X, where("%s.created_at >= cutoff" % X), X),
                    "    return list(%s.execute(stmt).scalars())" % session]
        if kind == 2:
            return ["def export_%s(%s) -> List[dict]:" % (e.table, (sess_param + ws_param).rstrip(", ")),
                    "    exported = []",
                    "    for row in %s.execute(select(%s)%s).scalars():" % (session, X, where()),
                    "        item = {\"id\": row.id, \"%s\": row.%s}" % (e.label, e.label),
                    "        if row.created_at is not None:",
                    "            item[\"created_at\"] = row.created_at.isoformat()",
                    "        exported.append(item)",
                    "    return exported"]
        return ["def %s_ids_page(%s%safter_id: int, size: int = 100) -> List[int]:" % (e.snake, sess_param, ws_param),
                "    stmt = select(%s.id)%s.order_by(%s.id).limit(size)" % (X, where("%s.id > after_id" % X), X),
                "    return [row_id for (row_id,) in %s.execute(stmt)]" % session]

    # -- routers / blueprints ----------------------------------------------

    def router(self, e):
        return self.blueprint(e) if self.flask else self.fastapi_router(e)

    def fastapi_router(self, e):
        X = e.name
        svc = "%s_service" % e.snake
        ws = "current_user.workspace_id, " if e.tenant else ""
        deps = ", dependencies=[Depends(get_current_user)]" if e.router_dependency else ""
        out = [
            '"""HTTP API for %s: /api/v1/%s."""' % (e.table.replace("_", " "), e.url),
            "from typing import Dict, List",
            "",
            "from fastapi import APIRouter, Depends, HTTPException, status",
            "from sqlalchemy.orm import Session",
            "",
            "from app.dependencies import get_current_user, get_db",
            "from app.models import User",
            "from app.schemas.%s import %sCreate, %sOut, %sUpdate" % (e.snake, X, X, X),
            "from app.services import %s as %s" % (e.table, svc),
            "",
            'router = APIRouter(prefix="/%s", tags=["%s"]%s)' % (e.url, e.url, deps),
            "",
        ]
        user = "current_user: User = Depends(get_current_user), db: Session = Depends(get_db)"
        routes = self.routes(e)
        for method, path, op in routes:
            out.append("")
            if op == "list":
                out += ['@router.get("", response_model=List[%sOut])' % X,
                        "def list_%s(limit: int = 50, offset: int = 0, %s):" % (e.table, user),
                        "    return %s.list_%s(db, %slimit=limit, offset=offset)" % (svc, e.table, ws)]
            elif op == "get":
                route_user = "db: Session = Depends(get_db)" if e.public_route else user
                ws_get = ws if not e.public_route else ("0, " if e.tenant else "")
                out += ['@router.get("/{%s}", response_model=%sOut)' % (e.var, X),
                        "def get_%s(%s: int, %s):" % (e.snake, e.var, route_user),
                        "    obj = %s.get_%s(db, %s%s)" % (svc, e.snake, ws_get, e.var),
                        "    if obj is None:",
                        '        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="%s not found")' % X,
                        "    return obj"]
            elif op == "create":
                out += ['@router.post("", response_model=%sOut, status_code=status.HTTP_201_CREATED)' % X,
                        "def create_%s(payload: %sCreate, %s):" % (e.snake, X, user),
                        "    obj = %s.create_%s(db, %spayload)" % (svc, e.snake, ws),
                        "    db.commit()",
                        "    return obj"]
            elif op == "update":
                out += ['@router.patch("/{%s}", response_model=%sOut)' % (e.var, X),
                        "def update_%s(%s: int, changes: %sUpdate, %s):" % (e.snake, e.var, X, user),
                        "    obj = %s.get_%s(db, %s%s)" % (svc, e.snake, ws, e.var),
                        "    if obj is None:",
                        '        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="%s not found")' % X,
                        "    obj = %s.update_%s(db, obj, changes)" % (svc, e.snake),
                        "    db.commit()",
                        "    return obj"]
            elif op == "delete":
                out += ['@router.delete("/{%s}", status_code=status.HTTP_204_NO_CONTENT)' % e.var,
                        "def delete_%s(%s: int, %s) -> None:" % (e.snake, e.var, user),
                        "    if %s.delete_%s(db, %s%s) == 0:" % (svc, e.snake, ws, e.var),
                        '        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="%s not found")' % X,
                        "    db.commit()"]
            elif op == "search":
                out += ['@router.get("/search", response_model=List[%sOut])' % X,
                        "def search_%s(q: str, %s):" % (e.table, user),
                        "    return %s.search_%s(db, %sq)" % (svc, e.table, ws)]
            elif op == "summary":
                p = e.parents[0]
                out += ['@router.get("/summary/by-%s")' % p.snake.replace("_", "-"),
                        "def summarize_%s(%s) -> Dict[str, int]:" % (e.table, user),
                        "    return %s.summarize_%s_by_%s(db%s)" % (svc, e.table, p.snake, ", current_user.workspace_id")]
            out.append("")
        return "\n".join(out).rstrip("\n") + "\n"

    def blueprint(self, e):
        X = e.name
        svc = "%s_service" % e.snake
        ws = "g.current_user.workspace_id, " if e.tenant else ""
        out = [
            '"""HTTP API for %s: /api/v1/%s."""' % (e.table.replace("_", " "), e.url),
            "from flask import Blueprint, abort, g, jsonify, request",
            "",
            "from app.auth import login_required",
            "from app.extensions import db",
            "from app.schemas.%s import %sSchema, %sUpdateSchema" % (e.snake, X, X),
            "from app.services import %s as %s" % (e.table, svc),
            "",
            'bp = Blueprint("%s", __name__, url_prefix="/api/v1/%s")' % (e.table, e.url),
            "schema = %sSchema()" % X,
            "update_schema = %sUpdateSchema()" % X,
            "",
        ]
        for method, path, op in self.routes(e):
            out.append("")
            guard = [] if (op == "get" and e.public_route) else ["@login_required"]
            if op == "list":
                out += ['@bp.get("")'] + guard + ["def list_%s():" % e.table,
                        "    limit = request.args.get(\"limit\", 50, type=int)",
                        "    rows = %s.list_%s(%slimit=limit)" % (svc, e.table, ws),
                        "    return jsonify(schema.dump(rows, many=True))"]
            elif op == "get":
                ws_get = ws if guard else ("0, " if e.tenant else "")
                out += ['@bp.get("/<int:%s>")' % e.var] + guard + ["def get_%s(%s):" % (e.snake, e.var),
                        "    obj = %s.get_%s(%s%s)" % (svc, e.snake, ws_get, e.var),
                        "    if obj is None:",
                        "        abort(404)",
                        "    return jsonify(schema.dump(obj))"]
            elif op == "create":
                out += ['@bp.post("")'] + guard + ["def create_%s():" % e.snake,
                        "    data = schema.load(request.get_json() or {})",
                        "    obj = %s.create_%s(%sdata)" % (svc, e.snake, ws),
                        "    db.session.commit()",
                        "    return jsonify(schema.dump(obj)), 201"]
            elif op == "update":
                out += ['@bp.patch("/<int:%s>")' % e.var] + guard + ["def update_%s(%s):" % (e.snake, e.var),
                        "    obj = %s.get_%s(%s%s)" % (svc, e.snake, ws, e.var),
                        "    if obj is None:",
                        "        abort(404)",
                        "    changes = update_schema.load(request.get_json() or {})",
                        "    obj = %s.update_%s(obj, changes)" % (svc, e.snake),
                        "    db.session.commit()",
                        "    return jsonify(schema.dump(obj))"]
            elif op == "delete":
                out += ['@bp.delete("/<int:%s>")' % e.var] + guard + ["def delete_%s(%s):" % (e.snake, e.var),
                        "    if %s.delete_%s(%s%s) == 0:" % (svc, e.snake, ws, e.var),
                        "        abort(404)",
                        "    db.session.commit()",
                        '    return "", 204']
            elif op == "search":
                out += ['@bp.get("/search")'] + guard + ["def search_%s():" % e.table,
                        '    rows = %s.search_%s(%srequest.args.get("q", ""))' % (svc, e.table, ws),
                        "    return jsonify(schema.dump(rows, many=True))"]
            elif op == "summary":
                p = e.parents[0]
                out += ['@bp.get("/summary/by-%s")' % p.snake.replace("_", "-")] + guard + [
                        "def summarize_%s():" % e.table,
                        "    return jsonify(%s.summarize_%s_by_%s(g.current_user.workspace_id))" % (svc, e.table, p.snake)]
            out.append("")
        return "\n".join(out).rstrip("\n") + "\n"

    def routes(self, e):
        """(method, path relative to /api/v1, op) in file order."""
        item = ("/<int:%s>" if self.flask else "/{%s}") % e.var
        base = "/" + e.url
        r = []
        if e.has_search:
            r.append(("get", base + "/search", "search"))
        if e.parents:
            r.append(("get", base + "/summary/by-" + e.parents[0].snake.replace("_", "-"), "summary"))
        table = {"list": ("get", base), "get": ("get", base + item), "create": ("post", base),
                 "update": ("patch", base + item), "delete": ("delete", base + item)}
        for op in e.endpoints:
            method, path = table[op]
            r.append((method, path, op))
        return r

    # -- migrations --------------------------------------------------------

    def migration(self, e, revision, down_revision):
        out = [
            '"""create %s' % e.table,
            "",
            "Revision ID: %s" % revision,
            "Revises: %s" % down_revision,
            '"""',
            "from alembic import op",
            "import sqlalchemy as sa",
            "",
            'revision = "%s"' % revision,
            'down_revision = "%s"' % down_revision,
            "branch_labels = None",
            "depends_on = None",
            "",
            "",
            "def upgrade() -> None:",
            "    op.create_table(",
            '        "%s",' % e.table,
            '        sa.Column("id", sa.Integer(), primary_key=True),',
        ]
        if e.tenant:
            out.append('        sa.Column("workspace_id", sa.Integer(), sa.ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False),')
        for p in e.parents:
            out.append('        sa.Column("%s", sa.Integer(), sa.ForeignKey("%s.id", ondelete="CASCADE"), nullable=False),' % (p.var, p.table))
        if e.has_owner:
            out.append('        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),')
        for name, _s, _g, _p, atype, nullable in e.fields:
            out.append('        sa.Column("%s", %s, nullable=%s),' % (name, atype, nullable))
        out.append('        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),')
        out.append("    )")
        indexes = []
        if e.tenant:
            indexes.append(("ix_%s_workspace_id" % e.table, ["workspace_id"]))
        for p, in_model, in_mig in zip(e.parents, e.parent_indexed, e.parent_index_in_migration):
            if in_model or in_mig:
                indexes.append(("ix_%s_%s" % (e.table, p.var), [p.var]))
        if e.has_owner and e.owner_indexed:
            indexes.append(("ix_%s_owner_id" % e.table, ["owner_id"]))
        for name, cols in indexes:
            out.append('    op.create_index("%s", "%s", [%s])' % (name, e.table, ", ".join('"%s"' % c for c in cols)))
        out += ["", "", "def downgrade() -> None:"]
        for name, _cols in reversed(indexes):
            out.append('    op.drop_index("%s", table_name="%s")' % (name, e.table))
        out.append('    op.drop_table("%s")' % e.table)
        return "\n".join(out) + "\n"

    # -- tests -------------------------------------------------------------

    def test_file(self, e):
        prefix = "/api/v1/%s" % e.url
        sample = {}
        for name, _s, _g, ptype, _a, _n in e.fields:
            inner = ptype[len("Optional["):-1] if ptype.startswith("Optional") else ptype
            sample[name] = {"str": '"sample %s"' % name, "int": "1", "bool": "True", "float": "0.5",
                            "Decimal": '"10.00"', "date": '"2024-01-01"', "datetime": '"2024-01-01T00:00:00Z"'}[inner]
        payload = "{%s}" % ", ".join('"%s": %s' % (k, sample[k]) for k in sorted(sample))
        out = ['"""API tests for %s."""' % e.table.replace("_", " "), "import pytest", "", "",
               "@pytest.fixture", "def payload():"]
        out.append("    return %s" % payload)
        ops = [op for _m, _p, op in self.routes(e)]
        if "list" in ops:
            out += ["", "", "def test_list_%s_requires_login(anon_client):" % e.table,
                    '    assert anon_client.get("%s").status_code == 401' % prefix,
                    "", "", "def test_list_%s_is_empty_for_new_workspace(client):" % e.table,
                    '    response = client.get("%s")' % prefix,
                    "    assert response.status_code == 200",
                    "    assert response.json() == []"]
        if "create" in ops:
            out += ["", "", "def test_create_%s(client, payload):" % e.snake,
                    '    response = client.post("%s", json=payload)' % prefix,
                    "    assert response.status_code == 201",
                    "    body = response.json()",
                    "    for key, value in payload.items():",
                    "        assert key in body",
                    '    assert body["id"] > 0']
        if "get" in ops:
            out += ["", "", "def test_get_missing_%s_is_404(client):" % e.snake,
                    '    assert client.get("%s/999999").status_code == 404' % prefix]
        if "delete" in ops:
            out += ["", "", "def test_delete_missing_%s_is_404(client):" % e.snake,
                    '    assert client.delete("%s/999999").status_code == 404' % prefix]
        if e.tenant and "get" in ops and "create" in ops:
            out += ["", "", "def test_%s_is_invisible_to_other_workspace(client, other_client, payload):" % e.snake,
                    '    created = client.post("%s", json=payload).json()' % prefix,
                    '    response = other_client.get("%s/%%d" %% created["id"])' % prefix,
                    "    assert response.status_code == 404"]
        return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------
# Fixed files
# ---------------------------------------------------------------------------

FASTAPI_FIXED = {
    "app/__init__.py": '"""Synthetic multi-tenant back end (generated for archverify benchmarks)."""\n',
    "app/config.py": '''import os
from functools import lru_cache


class Settings:
    def __init__(self) -> None:
        self.app_name = os.environ.get("APP_NAME", "Synthetic API")
        self.database_url = os.environ.get("DATABASE_URL", "postgresql://localhost/synthetic")
        self.secret_key = os.environ.get("SECRET_KEY", "")
        self.cookie_secure = os.environ.get("COOKIE_SECURE", "1") == "1"


@lru_cache
def get_settings() -> Settings:
    return Settings()
''',
    "app/database.py": '''from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from app.config import get_settings

engine = create_engine(get_settings().database_url, pool_pre_ping=True)
SessionLocal = sessionmaker(bind=engine, autoflush=False, expire_on_commit=False)


def new_session():
    return SessionLocal()
''',
    "app/security.py": '''import hashlib
import hmac
import os
from typing import Optional

import jwt

from app.config import get_settings


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    return "scrypt$" + salt.hex() + "$" + digest.hex()


def verify_password(password: str, stored: str) -> bool:
    scheme, salt, digest = stored.split("$")
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=2**14, r=8, p=1)
    return hmac.compare_digest(candidate.hex(), digest)


def decode_token(token: str) -> Optional[dict]:
    try:
        return jwt.decode(token, get_settings().secret_key, algorithms=["HS256"])
    except jwt.PyJWTError:
        return None
''',
    "app/dependencies.py": '''from typing import Iterator, Optional

from fastapi import Cookie, Depends, HTTPException, status
from sqlalchemy.orm import Session

from app.database import new_session
from app.models import User
from app.security import decode_token


def get_db() -> Iterator[Session]:
    db = new_session()
    try:
        yield db
    finally:
        db.close()


def get_current_user(
    access_token: Optional[str] = Cookie(default=None),
    db: Session = Depends(get_db),
) -> User:
    unauthorized = HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="Not authenticated")
    payload = decode_token(access_token) if access_token else None
    if payload is None:
        raise unauthorized
    user = db.get(User, int(payload["sub"]))
    if user is None or not user.is_active:
        raise unauthorized
    return user
''',
    "app/models/base.py": '''from sqlalchemy import Column, DateTime, ForeignKey, Integer, func
from sqlalchemy.orm import declarative_base, declared_attr

Base = declarative_base()


class TimestampMixin:
    created_at = Column(DateTime(timezone=True), server_default=func.now(), nullable=False)


class WorkspaceMixin:
    """Every tenant-owned table carries the workspace it belongs to."""

    @declared_attr
    def workspace_id(cls):
        return Column(Integer, ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False, index=True)
''',
    "app/models/workspace.py": '''from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import relationship

from app.models.base import Base, TimestampMixin


class Workspace(TimestampMixin, Base):
    __tablename__ = "workspaces"

    id = Column(Integer, primary_key=True)
    name = Column(String(120), nullable=False)
    slug = Column(String(80), nullable=False, unique=True)

    users = relationship("User", back_populates="workspace")
''',
    "app/models/user.py": '''from sqlalchemy import Boolean, Column, Integer, String
from sqlalchemy.orm import relationship

from app.models.base import Base, TimestampMixin, WorkspaceMixin


class User(WorkspaceMixin, TimestampMixin, Base):
    __tablename__ = "users"

    id = Column(Integer, primary_key=True)
    email = Column(String(255), nullable=False, unique=True)
    full_name = Column(String(120), nullable=False)
    hashed_password = Column(String(255), nullable=False)
    is_active = Column(Boolean, nullable=False, default=True)

    workspace = relationship("Workspace", back_populates="users")
''',
    "app/routers/health.py": '''from fastapi import APIRouter

router = APIRouter(tags=["health"])


@router.get("/health")
def health() -> dict:
    return {"status": "ok"}
''',
    "app/schemas/__init__.py": "",
    "app/services/__init__.py": "",
    "app/routers/__init__.py": "",
}

FLASK_FIXED = {
    "app/config.py": '''import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "postgresql://localhost/synthetic")
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
''',
    "app/extensions.py": '''from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
''',
    "app/auth.py": '''from functools import wraps

from flask import current_app, g, jsonify, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.extensions import db
from app.models import User


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="session")


def login_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        token = request.cookies.get("session_token")
        if not token:
            return jsonify(error="not authenticated"), 401
        try:
            user_id = _serializer().loads(token, max_age=3600)
        except BadSignature:
            return jsonify(error="not authenticated"), 401
        user = db.session.get(User, user_id)
        if user is None:
            return jsonify(error="not authenticated"), 401
        g.current_user = user
        return view(*args, **kwargs)

    return wrapper
''',
    "app/models/base.py": '''from sqlalchemy import func
from sqlalchemy.orm import declared_attr

from app.extensions import db


class TimestampMixin:
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now())


class WorkspaceMixin:
    """Tenant-owned rows: the workspace_id column (FK + index) comes from here."""

    @declared_attr
    def workspace_id(cls):
        return db.Column(db.Integer, db.ForeignKey("workspaces.id"), nullable=False, index=True)
''',
    "app/models/workspace.py": '''from app.extensions import db
from app.models.base import TimestampMixin


class Workspace(TimestampMixin, db.Model):
    __tablename__ = "workspaces"

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(120), nullable=False)
    slug = db.Column(db.String(80), nullable=False, unique=True)

    users = db.relationship("User", back_populates="workspace")
''',
    "app/models/user.py": '''from app.extensions import db
from app.models.base import TimestampMixin, WorkspaceMixin


class User(WorkspaceMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(255), nullable=False, unique=True)
    full_name = db.Column(db.String(120), nullable=False)
    password_hash = db.Column(db.String(255), nullable=False)
    is_active = db.Column(db.Boolean, nullable=False, default=True)

    workspace = db.relationship("Workspace", back_populates="users")
''',
    "app/blueprints/health.py": '''from flask import Blueprint, jsonify

bp = Blueprint("health", __name__)


@bp.get("/health")
def health():
    return jsonify(status="ok")
''',
    "app/blueprints/__init__.py": "",
    "app/schemas/__init__.py": "",
    "app/services/__init__.py": "",
}

COMMON_FIXED = {
    "migrations/env.py": '''from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

METADATA_IMPORT
config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)
target_metadata = METADATA_EXPR


def run_migrations_online() -> None:
    connectable = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
''',
    "migrations/versions/0001_initial.py": '''"""workspaces and users

Revision ID: 0001
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workspaces",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("workspace_id", sa.Integer(), sa.ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False, unique=True),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("hashed_password", sa.String(length=255), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
    )
    op.create_index("ix_users_workspace_id", "users", ["workspace_id"])


def downgrade() -> None:
    op.drop_index("ix_users_workspace_id", table_name="users")
    op.drop_table("users")
    op.drop_table("workspaces")
''',
    "tests/__init__.py": "",
    "tests/conftest.py": '''import pytest


class _FakeClient:
    """Stands in for the framework test client; the suite is analysed, not run."""

    def __init__(self, workspace: int) -> None:
        self.workspace = workspace

    def request(self, method: str, url: str, **kwargs):
        raise NotImplementedError(method + " " + url)

    def get(self, url: str, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs):
        return self.request("POST", url, **kwargs)

    def delete(self, url: str, **kwargs):
        return self.request("DELETE", url, **kwargs)


@pytest.fixture
def client():
    return _FakeClient(1)


@pytest.fixture
def other_client():
    return _FakeClient(2)


@pytest.fixture
def anon_client():
    return _FakeClient(0)
''',
    "alembic.ini": "[alembic]\nscript_location = migrations\n",
}


# ---------------------------------------------------------------------------
# Whole repository
# ---------------------------------------------------------------------------


class Writer:
    def __init__(self, root):
        self.root = root
        self.py_lines = 0
        self.made = set()

    def write(self, rel, text):
        path = os.path.join(self.root, rel)
        parent = os.path.dirname(path)
        if parent not in self.made:
            os.makedirs(parent, exist_ok=True)
            self.made.add(parent)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        if rel.endswith(".py"):
            self.py_lines += lines_of(text)


def main_py(entities, flask):
    if flask:
        out = ['"""Synthetic multi-tenant back end, Flask edition (generated for archverify benchmarks)."""',
               "from flask import Flask", "", "from app.config import Config", "from app.extensions import db", "",
               "", "def create_app() -> Flask:", "    app = Flask(__name__)", "    app.config.from_object(Config)",
               "    db.init_app(app)", "", "    from app import models  # noqa: F401", "    from app.blueprints import health",
               "", "    app.register_blueprint(health.bp)"]
        for e in entities:
            out.append("    from app.blueprints import %s as %s_bp" % (e.table, e.table))
            out.append("    app.register_blueprint(%s_bp.bp)" % e.table)
        out += ["    return app"]
        return "\n".join(out) + "\n"
    out = ["from fastapi import FastAPI", "", "from app.config import get_settings", "from app.routers import health"]
    for e in entities:
        out.append("from app.routers import %s as %s_router" % (e.table, e.table))
    out += ["", 'app = FastAPI(title=get_settings().app_name, version="1.0.0")', "app.include_router(health.router)"]
    for e in entities:
        out.append('app.include_router(%s_router.router, prefix="/api/v1")' % e.table)
    return "\n".join(out) + "\n"


def models_init(entities, flask):
    out = ["from app.models.base import %s" % ("TimestampMixin, WorkspaceMixin" if flask else "Base, TimestampMixin, WorkspaceMixin"),
           "from app.models.user import User", "from app.models.workspace import Workspace"]
    for e in entities:
        out.append("from app.models.%s import %s" % (e.snake, e.name))
    return "\n".join(out) + "\n"


def openapi_yaml(entities, renderer):
    out = ["openapi: 3.0.3", "info:", "  title: Synthetic API", "  version: 1.0.0", "paths:",
           "  /health:", "    get:", "      operationId: health", "      security: []",
           '      responses: {"200": {description: OK}}']
    paths = {}
    order = []
    for e in entities:
        if e.missing_from_spec:
            continue
        for method, path, op in renderer.routes(e):
            spec_path = "/api/v1" + path.replace("<int:", "{").replace(">", "}")
            if spec_path not in paths:
                paths[spec_path] = []
                order.append(spec_path)
            paths[spec_path].append((method, camel_lower("%s_%s" % (op, e.snake))))
    for spec_path in order:
        out.append("  %s:" % spec_path)
        for method, op_id in paths[spec_path]:
            out.append("    %s:" % method)
            out.append("      operationId: %s" % op_id)
            out.append('      responses: {"%s": {description: OK}}' % ("201" if method == "post" else "204" if method == "delete" else "200"))
    out += ["components:", "  securitySchemes:", "    cookieAuth: {type: apiKey, in: cookie, name: access_token}",
            "security:", "  - cookieAuth: []"]
    return "\n".join(out) + "\n"


# The genome documents the core domain, not every table of a huge code base:
# past this many entities the rest stay undeclared (DRIFT002 reports them, as it
# would for a real team), and the genome stays well under archverify's 1 MiB
# genome cap at every corpus size.
GENOME_ENTITY_LIMIT = 300


def genome_yaml(entities, flask):
    routers = "app/blueprints/**/*.py" if flask else "app/routers/**/*.py"
    declared = {"Workspace", "User"} | {e.name for e in entities[:GENOME_ENTITY_LIMIT]}
    exempt = ["Workspace", "User"] + [e.name for e in entities[:GENOME_ENTITY_LIMIT] if not e.tenant]
    out = ["# archverify genome of the synthetic benchmark repository (generated).", "version: 1",
           "stack: %s" % ("flask" if flask else "fastapi"), "layout:",
           '  models: ["app/models/**/*.py"]', '  routers: ["%s"]' % routers,
           '  services: ["app/services/**/*.py"]', '  schemas: ["app/schemas/**/*.py"]',
           '  migrations: ["migrations/versions/*.py"]', '  tests: ["tests/**/*.py"]',
           "tenancy:", "  key: workspace_id", '  scoped: "*"', "  exempt: [%s]" % ", ".join(exempt),
           "  enforcement: app", "auth:", "  token_transport: cookie",
           "  cookie_flags: {httponly: true, secure: true, samesite: lax}",
           "  password_hashers: [argon2, bcrypt, scrypt]", '  public_routes: ["GET /health"]',
           "  protection: [%s]" % ("login_required" if flask else "get_current_user"),
           "database:", "  engine: postgresql", "  async: false"]
    if not flask:
        out += ["openapi:", "  path: openapi.yaml", "  mode: exact", "  ignore: []"]
    out += ["entities:",
            "  - name: Workspace", "    table: workspaces", "    fields:",
            "      - {name: id, type: int}", "      - {name: name, type: string, nullable: false}",
            "      - {name: slug, type: string, nullable: false, unique: true}",
            "  - name: User", "    table: users", "    fields:", "      - {name: id, type: int}",
            "      - {name: workspace_id, type: int, nullable: false, references: workspaces.id}",
            "      - {name: email, type: string, nullable: false, unique: true}"]
    for e in entities[:GENOME_ENTITY_LIMIT]:
        out += ["  - name: %s" % e.name, "    table: %s" % e.table, "    fields:", "      - {name: id, type: int}"]
        if e.tenant:
            out.append("      - {name: workspace_id, type: int, nullable: false, references: workspaces.id}")
        for p in e.parents:
            out.append("      - {name: %s, type: int, nullable: false, references: %s.id}" % (p.var, p.table))
        for name, _s, gtype, _p, _a, nullable in e.fields:
            unique = ", unique: true" if name in ("slug", "external_ref") else ""
            out.append("      - {name: %s, type: %s, nullable: %s%s}" % (name, gtype, "true" if nullable else "false", unique))
        rels = ["{name: %s, target: %s}" % (p.snake, p.name) for p in e.parents]
        if e.has_owner:
            rels.append("{name: owner, target: User}")
        rels += ["{name: %s, target: %s}" % (c.table, c.name) for c in e.children if c.name in declared]
        if rels:
            out.append("    relationships: [%s]" % ", ".join(rels))
        out.append("    endpoints: [%s]" % ", ".join(e.endpoints))
    layer_routers = "app/blueprints/**" if flask else "app/routers/**"
    out += ["layers:",
            '  - {name: routers, paths: ["%s"], may_import: [services, schemas, models, dependencies, core]}' % layer_routers,
            '  - {name: services, paths: ["app/services/**"], may_import: [models, schemas, core]}',
            '  - {name: schemas, paths: ["app/schemas/**"], may_import: []}',
            '  - {name: models, paths: ["app/models/**"], may_import: [core]}',
            '  - {name: dependencies, paths: ["app/dependencies.py", "app/security.py", "app/auth.py"], may_import: [services, models, core]}',
            '  - {name: core, paths: ["app/config.py", "app/database.py", "app/extensions.py"], may_import: []}',
            "quality:", "  threshold: 80", "  fail_on: critical"]
    return "\n".join(out) + "\n"


def generate(out_dir, target_lines, seed, stack):
    flask = stack == "flask"
    renderer = Renderer(stack)
    w = Writer(out_dir)
    fixed = dict(COMMON_FIXED)
    fixed.update(FLASK_FIXED if flask else FASTAPI_FIXED)
    fixed["migrations/env.py"] = fixed["migrations/env.py"].replace(
        "METADATA_IMPORT", "from app.extensions import db\n" if flask else "from app.models import Base\n").replace(
        "METADATA_EXPR", "db.metadata" if flask else "Base.metadata")
    for rel in sorted(fixed):
        w.write(rel, fixed[rel])

    # lines the per-entity lists in main.py / models/__init__.py will add
    base_main = lines_of(main_py([], flask)) + lines_of(models_init([], flask))
    per_entity_index_lines = 2 + 1
    router_dir = "app/blueprints" if flask else "app/routers"

    entities = []
    # Models are written last (their children are known only then); count their
    # lines as they grow: one relationship line per child added to a parent.
    budget = target_lines - w.py_lines - base_main
    spent = 0
    while True:
        e = Entity(len(entities), seed, entities)
        revision = "%04d" % (e.index + 2)
        down = "%04d" % (e.index + 1)
        files = [
            ("app/schemas/%s.py" % e.snake, renderer.schema(e)),
            ("app/services/%s.py" % e.table, renderer.service(e)),
            ("%s/%s.py" % (router_dir, e.table), renderer.router(e)),
            ("migrations/versions/%s_create_%s.py" % (revision, e.table), renderer.migration(e, revision, down)),
            ("tests/test_%s.py" % e.table, renderer.test_file(e)),
        ]
        cost = sum(lines_of(t) for _r, t in files) + lines_of(renderer.model(e)) + len(e.parents) + per_entity_index_lines
        # stop when this entity would overshoot more than stopping undershoots
        if entities and spent + cost - budget > budget - spent:
            break
        for p in e.parents:
            p.children.append(e)
        for rel, text in files:
            w.write(rel, text)
        entities.append(e)
        spent += cost
    for e in entities:
        w.write(e.model_file, renderer.model(e))
    w.write("app/models/__init__.py", models_init(entities, flask))
    w.write("app/__init__.py" if flask else "app/main.py", main_py(entities, flask))
    if not flask:
        w.write("openapi.yaml", openapi_yaml(entities, renderer))
    w.write("archverify.yaml", genome_yaml(entities, flask))
    w.write("README.md", "# Synthetic %s back end\n\nGenerated by archverify's bench/gen_repo.py "
            "(%d entities, %d lines of Python, seed %s). Not meant to run.\n" % (stack, len(entities), w.py_lines, seed))
    w.write("pyproject.toml", '[project]\nname = "synthetic-%s"\nversion = "1.0.0"\n' % stack)
    return len(entities), w.py_lines


def main(argv):
    ap = argparse.ArgumentParser(description="Generate a deterministic synthetic FastAPI/Flask + SQLAlchemy repository.")
    ap.add_argument("out_dir", help="directory to write (created; must be empty or absent)")
    ap.add_argument("--lines", type=int, required=True, help="target lines of Python (result is within 5%%)")
    ap.add_argument("--seed", default="1", help="seed of the random choices (default 1)")
    ap.add_argument("--stack", choices=["fastapi", "flask"], default="fastapi")
    args = ap.parse_args(argv)
    if args.lines < 1000:
        ap.error("--lines must be at least 1000")
    if os.path.isdir(args.out_dir) and os.listdir(args.out_dir):
        ap.error("%s exists and is not empty" % args.out_dir)
    count, lines = generate(args.out_dir, args.lines, args.seed, args.stack)
    print("%s: %d entities, %d lines of Python" % (args.out_dir, count, lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
