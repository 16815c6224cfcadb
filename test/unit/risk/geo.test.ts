/** Geolocation records in both MMDB shapes, private addresses, and the shipped database when installed. */
import { describe, expect, it } from 'vitest';
import { defaultGeoDatabases, geolocatorFromReaders, normalizeMmdbRecord, openGeolocator } from '../../../src/risk/geo.ts';
import { placeIp } from '../../../src/risk/assess.ts';

describe('MMDB records', () => {
  it('reads the flat ip-location-db shape', () => {
    expect(normalizeMmdbRecord({ city: 'Bracknell', country_code: 'GB', latitude: 51.4, longitude: -0.76, state1: 'England', postcode: '' }))
      .toEqual({ country: 'GB', region: 'England', city: 'Bracknell', latitude: 51.4, longitude: -0.76 });
  });

  it('reads the nested GeoIP2 City and ASN shapes', () => {
    expect(normalizeMmdbRecord({ country: { iso_code: 'SE' }, city: { names: { en: 'Linköping' } }, location: { latitude: 58.4, longitude: 15.6 }, subdivisions: [{ names: { en: 'Östergötland' } }] }))
      .toEqual({ country: 'SE', region: 'Östergötland', city: 'Linköping', latitude: 58.4, longitude: 15.6 });
    expect(normalizeMmdbRecord({ autonomous_system_number: 64500, autonomous_system_organization: 'Example Net' })).toEqual({ asn: 64500, asOrg: 'Example Net' });
  });

  it('merges several databases and gives private addresses no location', () => {
    const city = { version: 6, get: () => ({ country_code: 'GB', latitude: 51, longitude: 0 }) };
    const asn = { version: 6, get: () => ({ autonomous_system_number: 64500 }) };
    const geo = geolocatorFromReaders([city, asn]);
    expect(geo.lookup('203.0.113.5')).toEqual({ country: 'GB', latitude: 51, longitude: 0, asn: 64500 });
    expect(geo.lookup('10.0.0.1')).toBeNull();
    expect(geo.lookup('127.0.0.1')).toBeNull();
    expect(geo.lookup('::1')).toBeNull();
    expect(geo.lookup('garbage')).toBeNull();
    expect(placeIp('203.0.113.5', geo).network).toBe('AS64500');
    expect(placeIp('10.0.0.1', geo)).toMatchObject({ network: '10.0.0.0/24', location: null });
  });
});

const shipped = defaultGeoDatabases();

describe('the shipped MMDB package', () => {
  it('locates a public address and not a private one', async () => {
    expect(shipped.length).toBeGreaterThan(0);
    const geo = await openGeolocator(shipped);
    const london = geo.lookup('81.2.69.160');
    expect(london?.country).toBe('GB');
    expect(typeof london?.latitude).toBe('number');
    expect(geo.lookup('2001:4860:4860::8888')?.country).toBe('US');
    expect(geo.lookup('192.168.1.1')).toBeNull();
  });
});

describe('a missing database file', () => {
  it('is skipped, not fatal', async () => {
    const geo = await openGeolocator(['/nonexistent/GeoIP2-City.mmdb']);
    expect(geo.lookup('81.2.69.160')).toBeNull();
  });
});
