using Kaya.Conformance.Suites;

namespace Kaya.Conformance;

/// <summary>Every case, in the order they run. Quota first: those cases need the limit mostly unused.</summary>
public static class Catalog
{
    public static IReadOnlyList<Case> All()
    {
        var cases = new CaseList();
        QuotaCases.Add(cases);
        CreateCases.Add(cases);
        ConfigCases.Add(cases);
        ObjectCases.Add(cases);
        RangeCases.Add(cases);
        ListCases.Add(cases);
        VerifyCases.Add(cases);
        PathCases.Add(cases);
        AppendOnlyCases.Add(cases);
        PrivateCases.Add(cases);
        AuthCases.Add(cases);
        StatusCases.Add(cases);
        return cases;
    }
}
