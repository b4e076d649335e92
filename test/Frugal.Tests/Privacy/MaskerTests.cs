using Frugal.Core.Pipeline;
using Frugal.Core.Privacy;
using Microsoft.Extensions.Time.Testing;

namespace Frugal.Tests.Privacy;

public sealed class MaskerTests
{
    private static readonly PiiMasker Masker = new(PiiScanner.Create(new PrivacyConfig()), TimeSpan.FromSeconds(5), TimeProvider.System);
    private static readonly PrivacyPolicy MaskAll = new(PiiAction.Mask);

    [Fact]
    public void Placeholders_are_numbered_by_first_appearance_across_messages_and_reused()
    {
        var request = PrivacyTestRequests.Chat("Mail a@example.com and b@example.com", "Again a@example.com, call 13812345678");

        var result = Masker.Mask(request, MaskAll);

        Assert.Equal("Mail <EMAIL_1> and <EMAIL_2>", result.Chat!.Messages![0].TextContent());
        Assert.Equal("Again <EMAIL_1>, call <PHONE_1>", result.Chat.Messages[1].TextContent());
        Assert.Equal(3, result.Counts["EMAIL_ADDRESS"]);
        Assert.Equal("Mail a@example.com and b@example.com", request.Chat!.Messages![0].TextContent()); // the client's request is untouched
    }

    [Fact]
    public void The_same_conversation_masks_the_same_way_on_the_next_turn()
    {
        var first = Masker.Mask(PrivacyTestRequests.Chat("I am x@example.com"), MaskAll);
        var second = Masker.Mask(PrivacyTestRequests.Chat("I am x@example.com", "and y@example.com"), MaskAll);

        Assert.Equal(first.Chat!.Messages![0].TextContent(), second.Chat!.Messages![0].TextContent());
        Assert.Equal("and <EMAIL_2>", second.Chat.Messages[1].TextContent());
    }

    [Fact]
    public void A_placeholder_the_user_typed_is_never_handed_out()
    {
        var result = Masker.Mask(PrivacyTestRequests.Chat("What does <EMAIL_1> mean? Mine is me@example.com"), MaskAll);

        Assert.Equal("What does <EMAIL_1> mean? Mine is <EMAIL_2>", result.Chat!.Messages![0].TextContent());
        Assert.Equal("<EMAIL_1> is not me@example.com", result.Map.Restore("<EMAIL_1> is not <EMAIL_2>"));
    }

    [Fact]
    public void Redact_removes_for_good_block_names_the_types_and_off_leaves_them()
    {
        var policy = new PrivacyPolicy(PiiAction.Mask, new Dictionary<string, PiiAction> { ["EMAIL_ADDRESS"] = PiiAction.Redact, ["US_SSN"] = PiiAction.Block, ["IP_ADDRESS"] = PiiAction.Off });

        var result = Masker.Mask(PrivacyTestRequests.Chat("a@example.com from 10.1.2.3, ssn 078-05-1120"), policy);

        Assert.Equal(["US_SSN"], result.Blocked);
        Assert.StartsWith("<EMAIL> from 10.1.2.3", result.Chat!.Messages![0].TextContent(), StringComparison.Ordinal);
        Assert.Equal(0, result.Map.Count);
    }

    [Fact]
    public void Text_parts_tool_call_arguments_and_embedding_inputs_are_masked()
    {
        var request = PrivacyTestRequests.Chat("x");
        request.Chat!.Messages![0].Content = System.Text.Json.JsonDocument.Parse("""[{"type":"text","text":"mail a@example.com"},{"type":"image_url","image_url":{"url":"http://x"}}]""").RootElement;
        request.Chat.Messages.Add(new Frugal.Protocol.OpenAI.ChatMessage
        {
            Role = "assistant",
            ToolCalls = [new Frugal.Protocol.OpenAI.ToolCall { Id = "c1", Type = "function", Function = new Frugal.Protocol.OpenAI.FunctionCall { Name = "send", Arguments = """{"to":"a@example.com"}""" } }],
        });

        var result = Masker.Mask(request, MaskAll);

        Assert.Equal("""[{"type":"text","text":"mail <EMAIL_1>"},{"type":"image_url","image_url":{"url":"http://x"}}]""", result.Chat!.Messages![0].Content!.Value.GetRawText());
        Assert.Equal("""{"to":"<EMAIL_1>"}""", result.Chat.Messages[1].ToolCalls![0].Function!.Arguments);

        var embedding = GatewayRequest.ForEmbedding("e", Tenant.Anonymous, new Frugal.Protocol.OpenAI.EmbeddingRequest { Model = "m", Input = System.Text.Json.JsonDocument.Parse("""["call 13812345678", "nothing"]""").RootElement }, 0);
        Assert.Equal("""["call <PHONE_1>","nothing"]""", Masker.Mask(embedding, MaskAll).Embedding!.Input!.Value.GetRawText());
    }

    [Fact]
    public void Past_the_time_limit_the_masker_throws()
    {
        var clock = new FakeTimeProvider();
        var slow = new PiiMasker(new PiiScanner([new AdvancingDetector(clock)], 0.5), TimeSpan.FromMilliseconds(50), clock);

        Assert.Throws<PiiMaskingTimeoutException>(() => slow.Mask(PrivacyTestRequests.Chat("some text here"), MaskAll));
    }

    [Fact]
    public void Fuzzed_text_never_crashes_the_masker_and_mask_then_restore_is_the_identity()
    {
        var random = new Random(18);
        const string alphabet = "0123456789 +-().@_<>:/\\\"{}[],xX身份证卡号电话ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\n\t";
        for (var i = 0; i < 2000; i++)
        {
            var chars = new char[random.Next(0, 300)];
            for (var c = 0; c < chars.Length; c++)
            {
                chars[c] = random.Next(20) == 0 ? (char)random.Next(0, 0xD7FF) : alphabet[random.Next(alphabet.Length)];
            }

            var text = new string(chars);
            var result = Masker.Mask(PrivacyTestRequests.Chat(text), MaskAll);
            var masked = result.Chat?.Messages![0].TextContent() ?? text;
            Assert.Equal(text, result.Map.Restore(masked));
            foreach (var original in result.Map.Originals.Values)
            {
                Assert.DoesNotContain(original, masked, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>A detector that takes 100 ms of (fake) time per text.</summary>
    private sealed class AdvancingDetector(FakeTimeProvider clock) : IPiiDetector
    {
        public PiiEntityType Entity => PiiEntityType.Email;

        public IReadOnlyList<string> ContextWords => [];

        public void Detect(string text, List<PiiFinding> findings) => clock.Advance(TimeSpan.FromMilliseconds(100));
    }
}
