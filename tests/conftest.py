"""Shared fixtures: the seed articles, a session store built from them, generated archives."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> Path:
    """The four seed articles built once into a store shared by every test that only reads it."""
    from kg.build import build_store

    store = tmp_path_factory.mktemp("seed") / "store"
    build_store([SEEDS], store, jobs=1)
    return store


# Parts for generated articles: invented firms, so no test depends on a real article.
_BANKS = ["华川银行", "东岚银行", "北辰银行", "南港银行", "西岭银行", "青禾银行"]
_FINTECH = ["云启科技", "数衡科技", "链享科技", "智汇金服", "星图数科", "联信科技", "磐石金服", "衡安科技"]
_INVESTORS = ["远山资本", "晨光资本", "海川投资", "明德资本", "长河基金"]
_TEMPLATES = [
    "{bank}旗下的金融科技子公司{fin}今日发布新一代风控平台。",
    "{fin}宣布完成B轮融资，本轮由{inv}领投。",
    "{inv}投资了{fin}。",
    "{fin}为{bank}提供云计算服务。",
    "{fin}与{fin2}达成战略合作。",
    "{bank}表示，将继续加大科技投入。",
]


def make_article(rng: random.Random, n: int) -> str:
    """One short invented news article: a title line and a few sentences."""
    lines = [f"金融科技快讯第{n}期"]
    for _ in range(rng.randint(2, 5)):
        fin, fin2 = rng.sample(_FINTECH, 2)
        lines.append(rng.choice(_TEMPLATES).format(bank=rng.choice(_BANKS), fin=fin, fin2=fin2,
                                                   inv=rng.choice(_INVESTORS)))
    return "\n\n".join(lines) + "\n"


@pytest.fixture
def make_archive():
    """``make_archive(folder, n, seed=0, start=0)`` writes n generated articles and returns the folder."""

    def make(folder: Path, n: int, seed: int = 0, start: int = 0) -> Path:
        rng = random.Random(seed)
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(start, start + n):
            (folder / f"{i:06d}.txt").write_text(make_article(rng, i), encoding="utf-8")
        return folder

    return make


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    """A private, writable copy of the seed articles."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target
