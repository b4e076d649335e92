using System.Net;
using System.Text;
using Frugal.Core.Security;
using Frugal.Providers.Anthropic;
using Frugal.Providers.OpenAICompatible;

namespace Frugal.Tests.Providers.Http;

/// <summary>Issue #12 finding 10: what an upstream says is masked for credentials and capped before it goes anywhere.</summary>
public sealed class CredentialMaskerTests
{
    private const string Key = "zq81-Hs9fPq2LmXv0cBn7TtY";
    private static readonly CredentialMasker Masker = new([Key, null, "short"]);

    [Theory]
    [InlineData("Authorization: Bearer abc.def-ghi_jkl", "Authorization: Bearer [REDACTED]")]
    [InlineData("\"authorization\":\"Basic dXNlcjpwYXNz\"", "\"authorization\":\"Basic [REDACTED]\"")]
    [InlineData("you sent bearer eyAbCdEf0123", "you sent bearer [REDACTED]")]
    [InlineData("x-api-key: sk-ant-api03-AAAABBBBCCCC", "x-api-key: [REDACTED]")]
    [InlineData("api-key=abc123def", "api-key=[REDACTED]")]
    [InlineData("Incorrect API key provided: sk-proj-abcdefgh12345678.", "Incorrect API key provided: [REDACTED].")]
    [InlineData("host=db;Password=hunter2hunter2;user=x", "host=db;Password=[REDACTED];user=x")]
    [InlineData("redis://default:s3cr3t-pass@cache:6379", "redis://default:[REDACTED]@cache:6379")]
    [InlineData("aws key AKIAIOSFODNN7EXAMPLE rejected", "aws key [REDACTED] rejected")]
    [InlineData("the token provided 9f86d081884c7d659a2feaa0c55ad015 is invalid", "the token provided [REDACTED] is invalid")]
    [InlineData("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", "jwt [REDACTED]")]
    public void Generic_credential_patterns_are_masked(string text, string expected)
        => Assert.Equal(expected, CredentialMasker.Generic.Clean(text));

    [Theory]
    [InlineData("The model 'gpt-4o' does not exist or you do not have access to it.")]
    [InlineData("This model's maximum context length is 128000 tokens. However, you requested 130000 tokens.")]
    [InlineData("Rate limit reached for gpt-4o-mini in organization org-abc on tokens per min (TPM): Limit 200000, Used 199000.")]
    [InlineData("max_tokens: 8192 > 4096, which is the maximum allowed number of output tokens for claude-3-haiku-20240307")]
    public void Ordinary_error_messages_pass_unchanged(string text)
        => Assert.Equal(text, Masker.Clean(text));

    [Fact]
    public void The_configured_key_is_masked_exactly_and_in_pieces_of_8_or_more_characters()
    {
        Assert.Equal("key [REDACTED] bad", Masker.Clean($"key {Key} bad"));
        Assert.Equal("ends [REDACTED].", Masker.Clean($"ends {Key[3..^3]}."));
        Assert.Equal("first [REDACTED] only", Masker.Clean($"first {Key[..8]} only"));
        Assert.Equal($"seven {Key[..7]} is not a piece", Masker.Clean($"seven {Key[..7]} is not a piece"));
        Assert.Equal("short stays", Masker.Clean("short stays")); // a configured value under 8 characters is a placeholder
    }

    [Fact]
    public void Text_is_capped_and_marked()
    {
        var cleaned = Masker.Clean(new string('x', 10_000))!;

        Assert.Equal(CredentialMasker.MaxChars + CredentialMasker.TruncationMarker.Length, cleaned.Length);
        Assert.EndsWith(CredentialMasker.TruncationMarker, cleaned, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_at_the_cap_boundary_leaves_no_piece_of_8_characters()
    {
        var text = new string('x', CredentialMasker.MaxChars - 5) + " " + Key;

        var cleaned = Masker.Clean(text)!;

        for (var i = 0; i + 8 <= Key.Length; i++)
        {
            Assert.DoesNotContain(Key.Substring(i, 8), cleaned, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void OpenAI_error_bodies_are_masked_in_message_type_and_code()
    {
        var body = Encoding.UTF8.GetBytes($$$"""{"error":{"message":"bad key {{{Key}}}","type":"x-api-key: {{{Key}}}","code":"{{{Key}}}"}}""");

        var error = OpenAIErrors.FromResponse("p", HttpStatusCode.Unauthorized, body, null, Masker);

        Assert.Equal("bad key [REDACTED]", error.Message);
        Assert.Equal("x-api-key: [REDACTED]", error.Type);
        Assert.Equal("[REDACTED]", error.Code);
    }

    [Fact]
    public void A_non_json_error_page_is_masked_before_it_is_cut_to_300_characters()
    {
        var body = Encoding.UTF8.GetBytes(new string('.', 200) + " " + Key + " " + new string('.', 500));

        var error = OpenAIErrors.FromResponse("p", HttpStatusCode.BadGateway, body, null, Masker);

        Assert.DoesNotContain(Key[..8], error.Message, StringComparison.Ordinal);
        Assert.Contains(CredentialMasker.Mask, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Anthropic_error_bodies_and_stream_errors_are_masked()
    {
        var body = Encoding.UTF8.GetBytes($$$"""{"type":"error","error":{"type":"authentication_error","message":"x-api-key: {{{Key}}} is invalid"}}""");

        var error = AnthropicErrors.FromResponse("a", HttpStatusCode.Unauthorized, body, null, Masker);
        var converter = new AnthropicStreamConverter("a", 0, Masker);
        var streamError = Assert.Throws<Frugal.Core.Pipeline.GatewayStreamException>(() => converter.Convert(
            new Frugal.Providers.Anthropic.Wire.StreamEvent { Type = "error", Error = new() { Type = "api_error", Message = $"echo {Key}" } }, []));

        Assert.Equal("x-api-key: [REDACTED] is invalid", error.Message);
        Assert.DoesNotContain(Key, streamError.Error.Message, StringComparison.Ordinal);
    }
}
