namespace Frugal.Core.Configuration;

public enum ProviderKind
{
    /// <summary>Any OpenAI-compatible API: OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp, OpenRouter, DeepSeek, DashScope.</summary>
    OpenAI,

    /// <summary>Anthropic's Messages API, translated to and from chat completions.</summary>
    Anthropic,
}
