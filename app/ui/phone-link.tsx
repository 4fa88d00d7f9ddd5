/** A phone number as a link a phone can call, read left to right in every script. */
export function PhoneLink({ phone }: { phone: string }) {
  return (
    <a href={`tel:${phone.replace(/[^\d+]/g, "")}`} className="ltr">
      {phone}
    </a>
  );
}
