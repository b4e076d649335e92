using Frugal.Core.Caching.Semantic.Verification;

namespace Frugal.Tests.Semantic;

public sealed class VerifierTests
{
    [Theory]
    // accepted: the same question reworded
    [InlineData("how do I reset my password", "how can I reset my password?", true)]
    [InlineData("What is the capital of France?", "what's the capital of France", true)]
    [InlineData("I lost two cards", "I lost 2 cards", true)]
    [InlineData("Convert 5 kg to pounds", "convert 5kg to pounds", true)]
    [InlineData("flights to Paris", "cheap flights to paris", true)]
    [InlineData("My card hasn't arrived", "I have not received my card", true)]
    [InlineData("Book a table at 3pm", "book a table at 3 p.m.", true)]
    [InlineData("twenty five dollars", "$25", true)]
    [InlineData("How do I top up?", "How can I top up my account?", true)]
    // numbers
    [InlineData("what is 2+3", "what is 2+4", false)]
    [InlineData("what is 5-3", "what is 3-5", false)]
    [InlineData("what is 2+3", "what is 2*3", false)]
    [InlineData("Is 1.5 bigger than 1.05?", "Is 1.5 bigger than 1.5?", false)]
    [InlineData("Increase the price by 10%", "Increase the price by 20%", false)]
    [InlineData("I lost two cards", "I lost three cards", false)]
    [InlineData("What is 1,000 times 3", "What is 100 times 3", false)]
    [InlineData("the first transfer", "the third transfer", false)]
    // units and currencies
    [InlineData("convert 5 kg to grams", "convert 5 lb to grams", false)]
    [InlineData("how far is 10 km", "how far is 10 miles", false)]
    [InlineData("send 50 EUR", "send 50 USD", false)]
    [InlineData("is 30°C hot", "is 30°F hot", false)]
    [InlineData("refund within 2 days", "refund within 2 weeks", false)]
    [InlineData("costs €5", "costs $5", false)]
    // dates and times
    [InlineData("meetings on 2024-03-03", "meetings on 2024-03-04", false)]
    [InlineData("what happened on March 3", "what happened on March 4", false)]
    [InlineData("store hours on Monday", "store hours on Tuesday", false)]
    [InlineData("weather today", "weather tomorrow", false)]
    [InlineData("events in June", "events in July", false)]
    [InlineData("events in 2023", "events in 2024", false)]
    [InlineData("wake me at 7am", "wake me at 8am", false)]
    [InlineData("is it open at 10:30", "is it open at 11:30", false)]
    // negation
    [InlineData("can I cancel", "can't I cancel", false)]
    [InlineData("Is this safe?", "Is this not safe?", false)]
    [InlineData("recipes with nuts", "recipes without nuts", false)]
    [InlineData("I never got my refund", "I got my refund", false)]
    [InlineData("这个航班延误了吗", "这个航班没有延误吗", false)]
    [InlineData("我可以取消订单", "我不可以取消订单", false)]
    [InlineData("カードを使えます", "カードを使えません", false)]
    // opposites
    [InlineData("what to do before the exam", "what to do after the exam", false)]
    [InlineData("which plan costs more", "which plan costs less", false)]
    [InlineData("what is the minimum balance", "what is the maximum balance", false)]
    [InlineData("show the first page", "show the last page", false)]
    [InlineData("how do I send money", "how do I receive money", false)]
    [InlineData("how to open an account", "how to close an account", false)]
    // question words
    [InlineData("What do I need to verify my identity?", "Why do I need to verify my identity?", false)]
    [InlineData("When will my card arrive?", "Where will my card arrive?", false)]
    // names and identifiers
    [InlineData("flights to Paris", "flights to London", false)]
    [InlineData("Is the iPhone waterproof?", "Is the Pixel waterproof?", false)]
    [InlineData("Paris hotels near the station", "London hotels near the station", false)]
    [InlineData("email jane@example.com about it", "email john@example.com about it", false)]
    [InlineData("what is on https://a.example.org/x", "what is on https://b.example.org/x", false)]
    [InlineData("status of order ABC-123", "status of order ABC-124", false)]
    [InlineData("what does GPT-4 cost", "what does GPT-5 cost", false)]
    [InlineData("Where is the nearest ATM?", "Where is the nearest branch?", false)]
    // symbols that carry meaning (issue #14)
    [InlineData("what does = vs == mean in python", "what does () vs [] mean in python", false)]
    [InlineData("what does = mean in python", "what does == mean in python", false)]
    [InlineData("difference between () and [] in python", "difference between [] and {} in python", false)]
    [InlineData("what does the ~ symbol mean", "what does the ✢ symbol mean", false)]
    [InlineData("what does the ~ operator do in C", "what does the ! operator do in C", false)]
    [InlineData("what does a + b do for lists", "what does a - b do for lists", false)]
    [InlineData("is a < b true for strings", "is a > b true for strings", false)]
    [InlineData("what does a % b return", "what does a / b return", false)]
    [InlineData("what does x != y mean", "what does x == y mean", false)]
    [InlineData("what does f(x) mean here", "what does f[x] mean here", false)]
    [InlineData("what does print() do", "what does print do", false)]
    [InlineData("what does ?? mean in C#", "what does ?. mean in C#", false)]
    [InlineData("what does std::move do", "what does std.move do", false)]
    // code identifiers and flags
    [InlineData("what does os.path.join do", "what does os.path.split do", false)]
    [InlineData("how do I use user_id in the query", "how do I use user_name in the query", false)]
    [InlineData("what does getUserName return", "what does getUserId return", false)]
    [InlineData("what does git log --oneline show", "what does git log --graph show", false)]
    [InlineData("what does ls -la do", "what does ls -lh do", false)]
    [InlineData("what does __init__ do", "what does __main__ do", false)]
    // quoted strings
    [InlineData("translate \"good morning\" to French", "translate \"good night\" to French", false)]
    [InlineData("what does `git stash` do", "what does `git reset` do", false)]
    [InlineData("what does 'hello' mean", "what does 'goodbye' mean", false)]
    // harmless differences around symbols
    [InlineData("what does = vs == mean in python", "what does = vs == mean in python?", true)]
    [InlineData("what does = vs == mean in python", "please, what does = vs == mean in python", true)]
    [InlineData("what does == mean", "what does == mean?!", true)]
    [InlineData("what does print() do", "what does print() do?", true)]
    [InlineData("what does os.path.join do", "What does os.path.join do?", true)]
    [InlineData("what does the ~ symbol mean", "what does the ~ symbol mean 🙂", true)]
    [InlineData("My card (a visa) was declined", "my visa card was declined.", true)]
    [InlineData("Hi - my card was declined", "hi, my card was declined...", true)]
    [InlineData("what is 2+3", "what is 2 + 3?", true)]
    [InlineData("is it 5%", "is it 5 percent", true)]
    [InlineData("e.g. how do I top up", "for example, how do I top up", true)]
    [InlineData("what does \"good morning\" mean", "what does “Good Morning” mean?", true)]
    [InlineData("I can't log in: what now?", "I can't log in; what now", true)]
    public void Pairs(string query, string candidate, bool accepted)
    {
        var result = SemanticVerifier.Verify(query, candidate);

        Assert.True(result.Accepted == accepted, $"'{query}' vs '{candidate}': {(result.Accepted ? "accepted" : result.Reason)}");
        Assert.Equal(result.Accepted, SemanticVerifier.Verify(candidate, query).Accepted); // the verdict does not depend on which text was stored
    }

    [Fact]
    public void A_reason_names_the_category_and_never_quotes_the_text()
    {
        var result = SemanticVerifier.Verify("send 12345 to Bob", "send 54321 to Bob");

        Assert.False(result.Accepted);
        Assert.Equal(SemanticVerifier.NumbersDiffer, result.Reason);
        Assert.DoesNotContain("12345", result.Reason!, StringComparison.Ordinal);
    }

    [Fact]
    public void Analysed_facts_can_be_kept_and_compared_later()
    {
        var stored = SemanticVerifier.Analyze("What is the capital of France?");

        Assert.True(SemanticVerifier.Verify(SemanticVerifier.Analyze("what is the capital of France"), stored).Accepted);
        Assert.False(SemanticVerifier.Verify(SemanticVerifier.Analyze("What is the capital of Spain?"), stored).Accepted);
    }

    [Fact]
    public void A_symbol_refusal_names_its_category()
    {
        Assert.Equal(SemanticVerifier.SymbolsDiffer, SemanticVerifier.Verify("what does = vs == mean in python", "what does () vs [] mean in python").Reason);
        Assert.Equal(SemanticVerifier.QuotedDiffer, SemanticVerifier.Verify("translate \"apple\" to French", "translate \"pear\" to French").Reason);
        Assert.Equal(SemanticVerifier.IdentifiersDiffer, SemanticVerifier.Verify("what does --force do", "what does --quiet do").Reason);
    }
}
