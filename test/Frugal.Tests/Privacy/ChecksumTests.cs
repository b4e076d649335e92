using Frugal.Core.Privacy.Checksums;

namespace Frugal.Tests.Privacy;

public sealed class ChecksumTests
{
    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("4111 1111 1111 1111", true)]
    [InlineData("4111111111111112", false)]
    [InlineData("6222020200112233445", false)]
    [InlineData("378282246310005", true)]
    public void Luhn_checks_the_digits_and_skips_separators(string number, bool valid) => Assert.Equal(valid, Luhn.IsValid(number));

    [Theory]
    [InlineData("GB82WEST12345698765432", true)]
    [InlineData("GB82 WEST 1234 5698 7654 32", true)]
    [InlineData("gb82west12345698765432", true)]
    [InlineData("DE89370400440532013000", true)]
    [InlineData("GB82WEST12345698765433", false)] // mod-97 fails
    [InlineData("DE8937040044053201300", false)] // one character short for DE
    [InlineData("XX82WEST12345698765432", false)] // no such country
    public void Iban_needs_the_countrys_length_and_mod_97(string iban, bool valid) => Assert.Equal(valid, IbanChecksum.IsValid(iban));

    [Theory]
    [InlineData("11010519491231002X", true)]
    [InlineData("110105194912310021", false)] // wrong check character
    [InlineData("99010519491231002X", false)] // no such province
    [InlineData("11010519491331002X", false)] // month 13
    public void Resident_id_18_checks_province_date_and_mod_11_2(string id, bool valid) => Assert.Equal(valid, CnResidentId.IsValid18(id));

    [Theory]
    [InlineData("110105491231002", true)]
    [InlineData("110105491331002", false)]
    [InlineData("990105491231002", false)]
    public void Resident_id_15_checks_province_and_date(string id, bool valid) => Assert.Equal(valid, CnResidentId.IsValid15(id));

    [Theory]
    [InlineData("91350100M000100Y43", true)]
    [InlineData("91350100M000100Y44", false)] // wrong check character
    [InlineData("91350100M000100I43", false)] // I is not in the alphabet
    public void Unified_social_credit_code_checks_the_alphabet_and_mod_31(string code, bool valid) => Assert.Equal(valid, UnifiedSocialCreditCode.IsValid(code));

    [Fact]
    public void The_check_character_of_a_generated_id_validates()
    {
        var random = new Random(5);
        for (var i = 0; i < 200; i++)
        {
            Assert.True(CnResidentId.IsValid18(Frugal.Tools.Privacy.ChineseTestSet.ResidentId18(random)));
            Assert.True(UnifiedSocialCreditCode.IsValid(Frugal.Tools.Privacy.ChineseTestSet.Uscc(random)));
            Assert.True(Luhn.IsValid(Frugal.Tools.Privacy.ChineseTestSet.UnionPay(random)));
        }
    }
}
