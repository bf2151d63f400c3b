"""Chat models for the language-model composer, built from settings.

A provider is a small factory registered by name; a vendor's LangChain package is imported only
inside its factory, only when that provider is asked for, so the core never needs it. Further
providers can be added with `register`, or by another package through the entry-point group
`sofia.chat_models` (a callable taking a `ChatModelSpec`).

`SOFIA_LLM_MODEL` names the model, optionally with a provider prefix:
  "qwen2.5-7b-instruct"        an OpenAI-compatible server (vLLM, llama.cpp, LM Studio, …) at SOFIA_LLM_BASE_URL
  "openai:gpt-4o-mini"         the same, spelled out
  "ollama:llama3.1:8b"         Ollama (langchain-ollama when installed, else its OpenAI-compatible /v1 API)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel

    from bot.config import Settings

OLLAMA_URL = "http://localhost:11434"


@dataclass(frozen=True)
class ChatModelSpec:
    """What a provider needs to build its chat model."""

    provider: str
    model: str
    base_url: str = ""
    api_key: str = ""
    timeout: float = 20.0
    temperature: float = 0.1
    max_tokens: int = 700


ChatModelFactory = Callable[[ChatModelSpec], "BaseChatModel"]
PROVIDERS: dict[str, ChatModelFactory] = {}


def register(name: str) -> Callable[[ChatModelFactory], ChatModelFactory]:
    def add(factory: ChatModelFactory) -> ChatModelFactory:
        PROVIDERS[name] = factory
        return factory

    return add


@register("openai")
def _openai(spec: ChatModelSpec) -> "BaseChatModel":
    try:
        from langchain_openai import ChatOpenAI
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise RuntimeError("SOFIA_LLM_MODEL needs the package langchain-openai (pip install langchain-openai)") from exc
    return ChatOpenAI(
        model=spec.model,
        base_url=spec.base_url or None,
        # Local servers accept any key; the client insists on one.
        api_key=spec.api_key or os.environ.get("OPENAI_API_KEY") or "no-key",
        timeout=spec.timeout,
        max_retries=0,  # the composer falls back to the extractive answer instead of retrying
        temperature=spec.temperature,
        max_tokens=spec.max_tokens,
    )


@register("ollama")
def _ollama(spec: ChatModelSpec) -> "BaseChatModel":
    base = (spec.base_url or OLLAMA_URL).rstrip("/")
    try:
        from langchain_ollama import ChatOllama
    except ImportError:
        # Ollama also serves the OpenAI chat API under /v1.
        return _openai(replace(spec, base_url=base if base.endswith("/v1") else base + "/v1"))
    return ChatOllama(
        model=spec.model,
        base_url=base.removesuffix("/v1"),
        temperature=spec.temperature,
        num_predict=spec.max_tokens,
        client_kwargs={"timeout": spec.timeout},
    )


def parse_model(value: str) -> tuple[str, str]:
    """("provider", "model") from SOFIA_LLM_MODEL; without a known prefix, an OpenAI-compatible server."""
    value = value.strip()
    prefix, sep, rest = value.partition(":")
    if sep and rest and (prefix in PROVIDERS or _entry_point(prefix) is not None):
        return prefix, rest
    return "openai", value


def spec_from_settings(settings: "Settings") -> ChatModelSpec | None:
    if not settings.llm_model.strip():
        return None
    provider, model = parse_model(settings.llm_model)
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else ""
    return ChatModelSpec(
        provider=provider, model=model, base_url=settings.llm_base_url.strip(), api_key=key,
        timeout=settings.llm_timeout,
    )


def build_chat_model(spec: ChatModelSpec) -> "BaseChatModel":
    factory = PROVIDERS.get(spec.provider) or _entry_point(spec.provider)
    if factory is None:
        raise ValueError(f"unknown language-model provider {spec.provider!r} (known: {', '.join(sorted(PROVIDERS))})")
    return factory(spec)


def _entry_point(name: str) -> ChatModelFactory | None:
    from importlib.metadata import entry_points

    for ep in entry_points(group="sofia.chat_models"):
        if ep.name == name:
            return ep.load()
    return None
