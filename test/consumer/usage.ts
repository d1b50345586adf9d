/**
 * A consumer of the generated package, typechecked (never run) by test/typecheck.test.ts with the strictest
 * flags. Each `@ts-expect-error` proves the types reject what the spec forbids: if a type got looser, the
 * directive itself becomes an error and the test fails.
 */
import * as avvio from '../../generated/avvio/index.js';
import * as jasper from '../../generated/jasper/index.js';
import * as pm from '../../generated/portfolio-manager/index.js';
import * as quickhelp from '../../generated/quickhelp/index.js';
import * as tier3 from '../../generated/tier3/index.js';

export const jasperBody: jasper.CreateCustomerRequest = {
  name: 'Acme',
  accountName: 'Acme',
  shipToBillAddress: true,
  contacts: [{ name: 'Jo', email: 'jo@example.com' }],
};
// @ts-expect-error accountName is required
export const jasperMissing: jasper.CreateCustomerRequest = { name: 'Acme' };
export const jasperCode: jasper.ErrorCode = '10000582';
// @ts-expect-error not a documented Jasper code
export const jasperBadCode: jasper.ErrorCode = '12345';
export const jasperMessage: string = jasper.errorCatalog['10000588'].message;
export const jasperStatus: 400 = jasper.errorCatalog['10000588'].httpStatus;

export const avvioReply: avvio.CreateAccountResponse = { status: 'ok', accountID: 8796093023822 };
export const avvioBig: avvio.CreateAccountResponse = { status: 'ok', accountID: 9007199254740993n };

export const qhType: quickhelp.AccountType = quickhelp.AccountType.CieBootcamp;
export const qhEleven: 11 = quickhelp.AccountType.CieBootcamp;
// @ts-expect-error 8 is not an account type (the enumeration has a gap 8-10)
export const qhGap: quickhelp.AccountType = 8;
export const qhBody: quickhelp.AccountCreationDto = { companyName: 'Acme', accountType: 4, contractStatus: quickhelp.ContractStatus.Signed };

export const tz: tier3.TimeZone = tier3.TimeZone.PacificStandardTime;
// @ts-expect-error not a listed time zone
export const tzBad: tier3.TimeZone = 'Mars Standard Time';
export const billing: tier3.BillingResponsibilityID = tier3.BillingResponsibilityID.ParentAccount;
export const tier3Body: tier3.CreateAccountRequest = {
  ParentAlias: '1000',
  Location: 'WA1',
  BusinessName: 'Demo Biz',
  Address1: '110 110th Avenue',
  City: 'Bellevue',
  StateProvince: 'WA',
  PostalCode: '98004',
  Country: 'USA',
  Telephone: '877-388-4373',
  ShareParentNetworks: true,
  BillingResponsibilityID: 2,
  Fax: null,
};
export const tier3Code: tier3.ErrorCode = 1602;

export const pmAccount: pm.Account = {
  username: 'acme_customer',
  password: 'PA$sw0r6',
  webserviceUser: true,
  searchable: false,
  contact: {
    firstName: 'Jack',
    lastName: 'Brown',
    email: 'jack_brown@acme.com',
    jobTitle: 'Building Administrator',
    phone: '703-555-2121',
    address: { address1: '123 South St', city: 'Arlington', state: 'VA', postalCode: '22201', country: 'US' },
  },
  organization: { name: 'ACME Corporation', primaryBusiness: 'Other', energyStarPartner: true },
};
// @ts-expect-error status is Ok or Error
export const pmStatus: pm.StatusType = 'Fine';
export const pmId: pm.AccountType['id'] = 123n;

type JasperOps = jasper.Operations['createCustomer'];
export const jasperPath: JasperOps['path'] = '/rws/api/v{apiVersion}/customers';
export const jasperOk: JasperOps['responses']['200'] = { customerId: 1234, timestamp: 1527590173 };

// A type guard narrows: inside the branch the value is the model, outside it is still unknown.
export function companyOf(x: unknown): string | undefined {
  if (quickhelp.isAccountCreationDto(x)) return x.companyName;
  if (quickhelp.guards.AccountCreationDto(x)) return x.companyName;
  // @ts-expect-error not narrowed outside the guard
  return x.companyName;
}
