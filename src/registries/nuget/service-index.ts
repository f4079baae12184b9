// The service index (learn.microsoft.com/nuget/api/service-index): `{"version":"3.0.0","resources":[…]}`, one
// resource per `@type` a client may look for. Every `@type` version nuget.org lists is listed, since clients
// pick the first type they know (BaGet#104: paket broke on missing ones), and base URLs end in `/` where the
// document builds URLs by appending to them (PackageBaseAddress, RegistrationsBaseUrl).
export interface NugetResourceUrls {
  flatContainer: string;
  /** SemVer 1.0.0 packages only (RegistrationsBaseUrl, /3.0.0-beta, /3.0.0-rc, /3.4.0). */
  registration: string;
  /** SemVer 2.0.0 packages too (RegistrationsBaseUrl/3.6.0, /Versioned). */
  registrationSemVer2: string;
  search: string;
  autocomplete: string;
  publish: string;
}

export const resourceUrls = (endpointUrl: string): NugetResourceUrls => ({
  flatContainer: `${endpointUrl}/v3/flatcontainer/`,
  registration: `${endpointUrl}/v3/registration/`,
  registrationSemVer2: `${endpointUrl}/v3/registration-semver2/`,
  search: `${endpointUrl}/v3/search`,
  autocomplete: `${endpointUrl}/v3/autocomplete`,
  publish: `${endpointUrl}/v3/package`,
});

export function serviceIndex(endpointUrl: string) {
  const urls = resourceUrls(endpointUrl);
  const resource = (id: string, type: string, comment: string) => ({ '@id': id, '@type': type, comment });
  return {
    version: '3.0.0',
    resources: [
      resource(urls.flatContainer, 'PackageBaseAddress/3.0.0', 'Base URL of the .nupkg and .nuspec downloads'),
      ...[
        'RegistrationsBaseUrl',
        'RegistrationsBaseUrl/3.0.0-beta',
        'RegistrationsBaseUrl/3.0.0-rc',
        'RegistrationsBaseUrl/3.4.0',
      ].map((type) => resource(urls.registration, type, 'Package metadata; SemVer 1.0.0 packages only')),
      ...['RegistrationsBaseUrl/3.6.0', 'RegistrationsBaseUrl/Versioned'].map((type) =>
        resource(urls.registrationSemVer2, type, 'Package metadata, SemVer 2.0.0 packages included'),
      ),
      ...[
        'SearchQueryService',
        'SearchQueryService/3.0.0-beta',
        'SearchQueryService/3.0.0-rc',
        'SearchQueryService/3.5.0',
      ].map((type) => resource(urls.search, type, 'Search of this repository')),
      ...[
        'SearchAutocompleteService',
        'SearchAutocompleteService/3.0.0-beta',
        'SearchAutocompleteService/3.0.0-rc',
        'SearchAutocompleteService/3.5.0',
      ].map((type) => resource(urls.autocomplete, type, 'Autocomplete of package IDs and versions')),
      resource(urls.publish, 'PackagePublish/2.0.0', 'Push (PUT), unlist (DELETE) and relist (POST)'),
    ],
  };
}
