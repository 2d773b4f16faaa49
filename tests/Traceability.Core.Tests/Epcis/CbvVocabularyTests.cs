using Traceability.Core.Epcis;

namespace Traceability.Core.Tests.Epcis;

public sealed class CbvVocabularyTests
{
    [Theory]
    [InlineData("commissioning")]
    [InlineData("urn:epcglobal:cbv:bizstep:commissioning")]
    [InlineData("https://ref.gs1.org/cbv/BizStep-commissioning")]
    [InlineData("cbv:BizStep-commissioning")]
    public void Every_spelling_of_a_standard_business_step_has_one_name(string spelling)
    {
        Assert.Equal("commissioning", CbvVocabulary.StandardName(CbvKind.BizStep, spelling));
        Assert.Equal("commissioning", CbvVocabulary.Compact(CbvKind.BizStep, spelling));
        Assert.Equal("https://ref.gs1.org/cbv/BizStep-commissioning", CbvVocabulary.FullUri(CbvKind.BizStep, spelling));
    }

    [Fact]
    public void Each_kind_has_its_own_web_uri_prefix()
    {
        Assert.Equal("https://ref.gs1.org/cbv/Disp-in_transit", CbvVocabulary.FullUri(CbvKind.Disposition, "urn:epcglobal:cbv:disp:in_transit"));
        Assert.Equal("https://ref.gs1.org/cbv/BTT-po", CbvVocabulary.FullUri(CbvKind.BizTransactionType, "po"));
        Assert.Equal("https://ref.gs1.org/cbv/SDT-owning_party", CbvVocabulary.FullUri(CbvKind.SourceDestinationType, "owning_party"));
    }

    [Fact]
    public void User_vocabulary_passes_through_unchanged()
    {
        const string Own = "https://example.com/steps/labelling";
        Assert.Null(CbvVocabulary.StandardName(CbvKind.BizStep, Own));
        Assert.Equal(Own, CbvVocabulary.Compact(CbvKind.BizStep, Own));
        Assert.Equal(Own, CbvVocabulary.FullUri(CbvKind.BizStep, Own));
        Assert.Null(CbvVocabulary.StandardName(CbvKind.BizStep, "active"));
        Assert.Null(CbvVocabulary.StandardName(CbvKind.BizStep, "https://ref.gs1.org/cbv/Disp-commissioning"));
    }
}
