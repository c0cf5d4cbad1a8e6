import type { judges as zh } from "../zh-CN/judges";

/** English: judges, panels and conflicts of interest. Typed against zh-CN. */
export const judges: Record<keyof typeof zh, string> = {
  "judge.name": "Name",
  "judge.email": "Email",
  "judge.title": "Title",
  "judge.titleHelp": "E.g. Professor, Research Fellow, Director.",
  "judge.affiliation": "Affiliation",
  "judge.unitCreditCode": "Affiliation's unified social credit code (optional)",
  "judge.unitCreditCodeHelp": "Links a registered unit, which then becomes a conflict automatically.",
  "judge.unitNotFound": "No unit is registered with this unified social credit code.",
  "judge.regionCode": "City division code (optional)",
  "judge.regionCodeHelp":
    "6 digits, e.g. 441900 (Dongguan), 440100 (Guangzhou); left empty, the linked unit's region is used.",
  "judge.regionCodeFormat": "A division code has 6 digits.",
  "judge.categories": "Categories judged",
  "judge.categoriesRequired": "Choose at least one category.",
  "judge.emailTaken": "This email belongs to an account that is not a judge.",
  "judge.profile": "Profile and categories",
  "judge.saved": "Saved.",
  "judge.registeredUnit": "linked to a registered unit",
  "judge.unitLinked": "Linked unit: {unitName}",

  "judge.admin.link": "Judges",
  "judge.admin.title": "Judges and conflicts",
  "judge.admin.invite": "Invite a judge",
  "judge.admin.import": "Import judges",
  "judge.admin.panels": "Category panels",
  "judge.admin.panelSize": "Judges",
  "judge.admin.empty": "This edition has no judges yet. Invite or import them.",
  "judge.admin.conflicts": "Conflicts",
  "judge.admin.invitations": "Invited, not accepted yet",

  "judge.invite.title": "Invite a judge",
  "judge.invite.adminLead":
    "They receive an invitation to judge “{editionName}” and set a password through the link; a judge who already has an account joins the chosen panels at once.",
  "judge.invite.added":
    "{email} already has a judge account and joined the chosen panels; they were told by mail.",
  "judge.invite.lead":
    "You are invited to judge “{editionName}”. Check the details, then enter your name and choose a password.",

  "judge.mail.subject": "Invitation to judge “{editionName}”",
  "judge.mail.greeting": "Dear {name} ({title}),",
  "judge.mail.body": "The organizers of “{editionName}” invite you to be a judge.",
  "judge.mail.categories": "Categories: {categories}",
  "judge.mail.setPassword":
    "Please set your password through the link below. Before judging starts you can declare the units you must not judge.",
  "judge.mail.existing":
    "You already have a judge account: log in to see it. Before judging starts you can declare the units you must not judge.",
  "judge.mail.accept": "Accept the invitation",
  "judge.mail.login": "Log in",

  "judgeImport.title": "Import judges",
  "judgeImport.lead":
    "Import judges for “{editionName}”: new judges get an invitation to set a password, existing judges join the panels.",
  "judgeImport.columns":
    "The first row is the header, with the columns {columns} (credit code and division code may be empty; several categories are separated by ; 、 or ,).",
  "judgeImport.categoryCodes": "Categories of this edition: {codes} (code or name).",
  "judgeImport.summary":
    "{total} rows: {invited} new judges invited, {added} existing judges added to panels, {refused} rows not imported.",
  "judgeImport.status.invited": "Invited",
  "judgeImport.status.added": "Added",
  "judgeImport.status.refused": "Not imported",
  "judgeImport.unknownCategory": "This edition has no category “{category}”.",

  "conflict.title": "Conflicts of interest",
  "conflict.judgeTitle": "Declare conflicts",
  "conflict.judgeLink": "Declare conflicts",
  "conflict.judgeLead":
    "Your own unit is a conflict automatically, and so are units of your city when the organizers ask for it. Before judging starts, declare any other unit you must not judge (a former employer, a relative working there, a partner).",
  "conflict.noEditions": "You are not judging any award at the moment.",
  "conflict.none": "No conflicts.",
  "conflict.unit": "Unit",
  "conflict.region": "Region",
  "conflict.kind": "Why",
  "conflict.kind.own": "Own unit (automatic)",
  "conflict.kind.region": "Same city (automatic)",
  "conflict.kind.declared": "Declared by the judge",
  "conflict.kind.organizer": "Added by the organizers",
  "conflict.reason": "Note",
  "conflict.reasonPlaceholder": "Note (optional)",
  "conflict.automatic": "Automatic",
  "conflict.remove": "Remove",
  "conflict.declare": "Declare a conflict",
  "conflict.add": "Add a conflict",
  "conflict.search": "Find a unit (name, credit code or region)",
  "conflict.searchSubmit": "Search",
  "conflict.noMatch": "No approved unit matches.",
  "conflict.unitRequired": "Choose a unit.",
  "conflict.exists": "This unit is already a conflict.",
  "conflict.closed":
    "Judging has started: declarations can no longer change. Declare a conflict on an assigned entry, or contact the organizers.",
  "conflict.organizerClosed": "Judging has ended: conflicts can no longer change.",
  "conflict.sameRegionOn": "This edition: units of a judge's city are conflicts too.",
  "conflict.sameRegionOff":
    "This edition: only the judge's own unit and declared or added units are conflicts (not the whole city).",
};
