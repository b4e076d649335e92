using System.Globalization;
using System.Text;
using System.Text.Json;
using Frugal.Protocol.OpenAI;

namespace Frugal.Tests.Compression;

/// <summary>Texts the compression tests share: a retrieval-style prompt (one relevant passage among many), messages.</summary>
public static class CompressionTexts
{
    public const string Question = "In which year did the Hollow Peak observatory open its first telescope?";

    public const string Answer = "The Hollow Peak observatory opened its first telescope in 1931, after nine years of construction on the ridge.";

    private static readonly string[] Topics =
    [
        "river trade", "glass making", "railway timetables", "beekeeping", "coastal fog", "violin varnish", "salt mines",
        "tram networks", "paper mills", "wool dyeing", "harbour cranes", "clock towers", "orchard grafting", "rope walks",
        "canal locks", "lighthouse lenses", "copper roofs", "tea auctions", "windmill sails", "printing presses",
    ];

    /// <summary>
    /// <paramref name="passages"/> paragraphs of distractor prose (each about 110 tokens, a few sharing words with the
    /// question), the relevant passage at <paramref name="answerAt"/>, then the question as the last paragraph.
    /// </summary>
    public static string RetrievalPrompt(int passages = 20, int answerAt = 13)
    {
        var text = new StringBuilder();
        for (var p = 0; p < passages; p++)
        {
            if (p == answerAt)
            {
                text.Append("Document (Hollow Peak). ").Append(Answer).Append(" Its mirror was ground in the valley town and carried up by mule. Visitors still climb the path on clear evenings to see the dome.\n\n");
                continue;
            }

            var topic = Topics[p % Topics.Length];
            text.Append(CultureInfo.InvariantCulture, $"Document ({topic}). ")
                .Append(CultureInfo.InvariantCulture, $"The history of {topic} in the region goes back many generations, and local records describe how the craft changed over time. ")
                .Append(CultureInfo.InvariantCulture, $"Workers in {topic} formed guilds, kept ledgers of prices and wages, and trained apprentices for seven years before they could work alone. ")
                .Append(CultureInfo.InvariantCulture, $"In the twentieth century the {topic} business declined as factories elsewhere offered cheaper goods, although a few family firms survive. ")
                .Append(p % 4 == 0 ? "A small observatory club once met in the old hall to talk about telescopes, but it never built one.\n\n" : "Museums in the area keep tools and photographs from the busiest years.\n\n");
        }

        return text.Append("Question: ").Append(Question).ToString();
    }

    public static JsonElement Json(string text) => JsonSerializer.SerializeToElement(text, Frugal.Protocol.Json.ProtocolJson.Context.String);

    public static ChatMessage Message(string role, string text) => new() { Role = role, Content = Json(text) };

    public static string TextOf(ChatMessage message) => message.TextContent();
}
