using Frugal.Cli.Demo;
using Frugal.Tools.Caching;

namespace Frugal.Tests.Cli;

/// <summary>The demo's workload (issue #14): real paraphrases for the caches, prompts for auto, and how a hit is judged.</summary>
public sealed class DemoWorkloadTests
{
    [Fact]
    public void The_faq_traffic_is_300_different_banking77_questions_over_12_intents_with_no_verbatim_repeat()
    {
        var faq = DemoWorkload.Generate().Where(r => r.Kind == "faq").ToList();

        Assert.Equal(300, faq.Count);
        Assert.Equal(300, faq.Select(r => r.Body).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(12, faq.Select(r => r.Intent).Distinct(StringComparer.Ordinal).Count());
        Assert.All(faq.GroupBy(r => r.Intent), g => Assert.Equal(25, g.Count()));
    }

    [Fact]
    public void Easy_and_hard_prompts_go_to_auto_and_the_workload_is_the_same_every_run()
    {
        var first = DemoWorkload.Generate();

        Assert.All(first.Where(r => r.Kind is "easy" or "hard"), r => Assert.Contains("\"model\":\"auto\"", r.Body, StringComparison.Ordinal));
        Assert.Equal(first.Select(r => r.Body), DemoWorkload.Generate().Select(r => r.Body));
    }

    [Theory]
    [InlineData("card_arrival", "Mock reply from gpt-4o-mini: When will I get my new card?", true)]
    [InlineData("change_pin", "Mock reply from gpt-4o-mini: When will I get my new card?", false)]
    [InlineData("change_pin", "Mock reply from gpt-4o-mini: a question the sample does not hold", null)]
    public void A_cached_answer_is_judged_by_the_intent_of_the_question_it_was_written_for(string asked, string answer, bool? same)
    {
        var judge = new DemoHitJudge([new LabelledText("When will I get my new card?", "card_arrival"), new LabelledText("How do I change my PIN?", "change_pin")]);
        var outcome = new DemoOutcome(new DemoRequest("faq", "{}", false, asked), 200, "semantic-hit", "req-1", null, answer);

        Assert.Equal(same, judge.SameIntent(outcome));
    }

    [Fact]
    public void A_long_question_is_recognised_from_the_mock_echo_cut_at_80_characters()
    {
        const string question = "I ordered a replacement card two weeks ago and it still has not arrived at my home address, what now?";
        var judge = new DemoHitJudge([new LabelledText(question, "card_arrival")]);
        var outcome = new DemoOutcome(new DemoRequest("faq", "{}", false, "card_arrival"), 200, "semantic-hit", "req-2", null, "Mock reply from gpt-4o-mini: " + question[..79] + "…");

        Assert.True(judge.SameIntent(outcome));
    }
}
