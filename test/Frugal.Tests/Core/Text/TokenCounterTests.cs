using Frugal.Core.Budgets;
using Frugal.Core.Text;

namespace Frugal.Tests.Core.Text;

public sealed class TokenCounterTests
{
    [Theory]
    [InlineData("", 0, 0, 0)]
    [InlineData("abcd", 1, 1, 0)]
    [InlineData("abcde", 2, 2, 0)]
    [InlineData("你好世界", 1, 4, 4)]
    [InlineData("你好世界abcde", 3, 6, 4)]
    [InlineData("안녕 カタカナ", 2, 7, 6)]
    public void Character_estimates_keep_each_callers_rule(string text, int plain, int cjkAware, int cjk)
    {
        Assert.Equal(plain, CharacterTokenEstimate.Plain.CountTokens(text));
        Assert.Equal(cjkAware, CharacterTokenEstimate.CjkAware.CountTokens(text, out var counted));
        Assert.Equal(cjk, counted);
    }

    [Fact]
    public void Plain_estimate_rounds_summed_characters_once()
    {
        Assert.Equal(0, CharacterTokenEstimate.ForCharacters(0));
        Assert.Equal(1, CharacterTokenEstimate.ForCharacters(1));
        Assert.Equal(2, CharacterTokenEstimate.ForCharacters(5));
        Assert.Equal(250_000_000_000, CharacterTokenEstimate.ForCharacters(1_000_000_000_000));
    }

    [Fact]
    public void O200k_is_the_exact_counter_behind_the_budget_prompt_count()
    {
        ITokenCounter exact = O200kTokenCounter.Instance;
        const string text = "The quick brown fox jumps over the lazy dog. 敏捷的棕色狐狸跳过了懒狗。";

        Assert.Equal(PromptTokenCounter.Count(text), exact.CountTokens(text));
        Assert.Equal(0, exact.CountTokens(string.Empty));
        Assert.Equal(10, exact.CountTokens("The quick brown fox jumps over the lazy dog.")); // o200k: 9 words + the full stop
        Assert.Equal("The quick", O200kTokenCounter.Instance.Prefix("The quick brown fox", 2));
    }

    [Theory]
    [InlineData('\u3040', true)]
    [InlineData('\u30FF', true)]
    [InlineData('\u4E00', true)]
    [InlineData('\uAC00', true)]
    [InlineData('\uF900', true)]
    [InlineData('\u303F', false)]
    [InlineData('\uFF21', false)] // full-width 'A' is folded, not CJK
    [InlineData('a', false)]
    public void One_definition_of_cjk(char c, bool expected) => Assert.Equal(expected, Scripts.IsCjk(c));
}
