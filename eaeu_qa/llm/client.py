"""The chat model from settings: any OpenAI-compatible endpoint (ChatOpenAI) or Ollama (ChatOllama)."""

from __future__ import annotations

from ..settings import Settings

# A llama.cpp / vLLM / LM Studio server ignores the key, but the OpenAI client insists on one.
PLACEHOLDER_API_KEY = "not-needed"
CONNECT_TIMEOUT_S = 5.0


def llm_configured(settings: Settings) -> bool:
    """True when settings name an OpenAI-compatible endpoint or an Ollama model."""
    return bool(settings.llm_base_url.strip() or settings.ollama_model.strip())


def endpoint_label(settings: Settings) -> str:
    """Where answers come from, for messages: 'model at URL'."""
    if settings.llm_base_url.strip():
        return f"{settings.llm_model or 'default model'} at {settings.llm_base_url}"
    if settings.ollama_model.strip():
        return f"Ollama {settings.ollama_model} at {settings.ollama_url}"
    return "(none configured)"


def build_chat_model(settings: Settings):
    """A LangChain chat model for the configured endpoint: no retries, deterministic, bounded output."""
    if settings.llm_base_url.strip():
        import httpx
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            base_url=settings.llm_base_url.strip(),
            model=settings.llm_model.strip() or "default",
            api_key=settings.llm_api_key or PLACEHOLDER_API_KEY,
            temperature=0.0,
            max_tokens=settings.llm_max_tokens,
            timeout=httpx.Timeout(settings.llm_timeout_s, connect=min(CONNECT_TIMEOUT_S, settings.llm_timeout_s)),
            max_retries=0,
            streaming=True,
        )
    if settings.ollama_model.strip():
        from langchain_ollama import ChatOllama

        return ChatOllama(model=settings.ollama_model.strip(), base_url=settings.ollama_url, temperature=0.0,
                          num_predict=settings.llm_max_tokens,
                          client_kwargs={"timeout": settings.llm_timeout_s})
    raise ValueError("No language model is configured: set EAEU_QA_LLM_BASE_URL (and EAEU_QA_LLM_MODEL) for an "
                     "OpenAI-compatible server, or EAEU_QA_OLLAMA_MODEL for Ollama.")
