using Kaya.Server.Protocol;

namespace Kaya.Server.Tests.Protocol;

public class ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-", 0, 14)]
    [InlineData("bytes=1-3", 1, 3)]
    [InlineData("bytes=10-100", 10, 4)]
    [InlineData("bytes=-4", 10, 4)]
    [InlineData("bytes=-100", 0, 14)]
    [InlineData("bytes=13-13", 13, 1)]
    public void Satisfiable_ranges_are_cut_to_the_file(string header, long start, long length)
    {
        Assert.Equal(ByteRange.Kind.Satisfiable, ByteRange.Resolve(header, 14, out var range));
        Assert.Equal(new ByteRange(start, length), range);
    }

    [Theory]
    [InlineData("bytes=14-")]
    [InlineData("bytes=20-30")]
    public void A_start_at_or_past_the_end_is_unsatisfiable(string header)
    {
        Assert.Equal(ByteRange.Kind.Unsatisfiable, ByteRange.Resolve(header, 14, out _));
    }

    [Fact]
    public void Any_range_of_an_empty_file_is_unsatisfiable()
    {
        Assert.Equal(ByteRange.Kind.Unsatisfiable, ByteRange.Resolve("bytes=0-", 0, out _));
    }

    [Theory]
    [InlineData("bytes=3-1")]
    [InlineData("foo=1-2")]
    [InlineData("bytes=abc")]
    [InlineData("bytes=1")]
    public void Malformed_ranges_are_invalid(string header)
    {
        Assert.Equal(ByteRange.Kind.Invalid, ByteRange.Resolve(header, 14, out _));
    }

    [Fact]
    public void No_header_or_several_ranges_mean_the_whole_file()
    {
        Assert.Equal(ByteRange.Kind.None, ByteRange.Resolve(null, 14, out _));
        Assert.Equal(ByteRange.Kind.None, ByteRange.Resolve("bytes=0-1,4-5", 14, out _));
    }

    [Theory]
    [InlineData("bytes=5-9", 5)]
    [InlineData("bytes=1000-", 1000)]
    [InlineData("bytes=-4", 0)]
    [InlineData("bytes=0-1,4-5", 0)]
    [InlineData("bytes=abc", 0)]
    [InlineData(null, 0)]
    public void The_first_byte_is_known_before_the_size_only_for_a_range_with_a_start(string? header, long first)
    {
        Assert.Equal(first, ByteRange.FirstByte(header));
    }
}
