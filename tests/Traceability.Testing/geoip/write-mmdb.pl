#!/usr/bin/perl
# Writes a small MaxMind DB (.mmdb) for tests and benchmarks, with Debian's libmaxmind-db-writer-perl.
# Usage: write-mmdb.pl OUTPUT.mmdb < records
# Each input line: NETWORK<TAB>JSON-RECORD, e.g.
#   113.87.0.0/16	{"region":"CN-440300"}
#   183.128.0.0/11	{"country":{"iso_code":"CN"},"subdivisions":[{"iso_code":"ZJ"}]}
# Lines are inserted in order; a later, narrower network overrides its part of an earlier, wider one.
use strict;
use warnings;
use JSON::PP;
use MaxMind::DB::Writer::Tree;

my $output = shift @ARGV or die "usage: $0 OUTPUT.mmdb < records\n";

my %types = (
    region       => 'utf8_string',
    iso_code     => 'utf8_string',
    country      => 'map',
    subdivisions => [ 'array', 'map' ],
    names        => 'map',
    en           => 'utf8_string',
);

my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version              => 6,
    record_size             => 24,
    database_type           => 'Traceability-Test-Regions',
    languages               => ['en'],
    description             => { en => 'Region-level test database' },
    alias_ipv6_to_ipv4      => 1,
    remove_reserved_networks => 0,
    map_key_type_callback   => sub { $types{ $_[0] } // die "no type for key $_[0]\n" },
);

my $json = JSON::PP->new->utf8;
while (my $line = <STDIN>) {
    chomp $line;
    next if $line =~ /^\s*(#|$)/;
    my ($network, $record) = split /\t/, $line, 2;
    die "line $.: expected NETWORK<TAB>JSON\n" unless defined $record;
    $tree->insert_network($network, $json->decode($record));
}

open my $fh, '>:raw', $output or die "cannot write $output: $!\n";
$tree->write_tree($fh);
close $fh or die "cannot close $output: $!\n";
